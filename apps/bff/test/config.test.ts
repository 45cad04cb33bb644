import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, ENV_VARIABLES, loadConfig } from '../src/config.ts';

const key = () => randomBytes(32).toString('base64');
const remote = {
  NANOSTREAM_TOKEN_API_URL: 'https://token.nanostream.cloud',
  NANOSTREAM_BINTU_API_URL: 'https://bintu.nanocosmos.de/',
  NANOSTREAM_BINTU_TOKEN: 'secret-bintu-token',
};

const failure = (env: Record<string, string | undefined>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to throw');
};

describe('loadConfig', () => {
  it('should default to embedded mode on 127.0.0.1:3000 with ./.data and production-strength hashing', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      trustProxy: false,
      dataDir: path.resolve('.data'),
      upstream: { mode: 'embedded' },
      session: { idleMinutes: 30, absoluteHours: 12, cookieSecure: undefined },
      upstreamTimeouts: { connectMs: 3000, responseMs: 10_000 },
      upstreamConnections: 256,
      limits: {
        bodyBytes: 65_536,
        signInPerMinute: 10,
        signInThrottle: {
          freePerAccountAndAddress: 5,
          freePerAddress: 20,
          freePerAccount: 10,
          maxWaitMs: 15 * 60_000,
        },
      },
      passwordHashCost: 'production',
    });
  });

  it('should read remote mode with a bintu token or an API key, trimming URL slashes', () => {
    const config = loadConfig(remote);
    expect(config.upstream).toMatchObject({
      mode: 'remote',
      bintuApiUrl: 'https://bintu.nanocosmos.de',
      credential: { kind: 'token' },
    });
    const withKey = loadConfig({
      ...remote,
      NANOSTREAM_BINTU_TOKEN: undefined,
      NANOSTREAM_API_KEY: 'k',
    });
    expect(withKey.upstream).toMatchObject({ credential: { kind: 'apikey' } });
  });

  it('should keep secrets out of JSON and inspect output', () => {
    const config = loadConfig({
      ...remote,
      ADMIN_EMAIL: 'a@example.com',
      ADMIN_PASSWORD: 'a long password',
      LEDGER_KEY: key(),
    });
    const text = JSON.stringify(config) + inspect(config, { depth: 10 });
    expect(text).not.toContain('secret-bintu-token');
    expect(text).not.toContain('a long password');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_KEYS: 'short' }, 'SESSION_KEYS'],
    [{ SESSION_KEYS: `${key()},nope` }, 'SESSION_KEYS'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_ABSOLUTE_HOURS: 'x' }, 'SESSION_ABSOLUTE_HOURS'],
    [{ COOKIE_SECURE: 'yes' }, 'COOKIE_SECURE'],
    [{ LEDGER_KEY: 'abc' }, 'LEDGER_KEY'],
    [{ LEDGER_KEY: `${key()},nope` }, 'LEDGER_KEY'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/99' }, 'TRUST_PROXY'],
    [{ PUBLIC_ORIGIN: 'https://x.example/app' }, 'PUBLIC_ORIGIN'],
    [{ PUBLIC_ORIGIN: 'ftp://x.example' }, 'PUBLIC_ORIGIN'],
    [{ DATABASE_URL: 'mysql://db' }, 'DATABASE_URL'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough pw' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'a@example.com' }, 'ADMIN_PASSWORD'],
    [{ UPSTREAM_TIMEOUT_MS: '5' }, 'UPSTREAM_TIMEOUT_MS'],
    [{ UPSTREAM_CONNECT_TIMEOUT_MS: 'soon' }, 'UPSTREAM_CONNECT_TIMEOUT_MS'],
    [{ UPSTREAM_CONNECTIONS: '0' }, 'UPSTREAM_CONNECTIONS'],
    [{ UPSTREAM_CONNECTIONS: '2000' }, 'UPSTREAM_CONNECTIONS'],
    [{ BODY_LIMIT_BYTES: '1' }, 'BODY_LIMIT_BYTES'],
    [{ PLAYER_EMBED_URL: 'not a url' }, 'PLAYER_EMBED_URL'],
    [{ EMULATOR_PORT: '-1' }, 'EMULATOR_PORT'],
    [{ ...remote, NANOSTREAM_TOKEN_API_URL: 'token.example' }, 'NANOSTREAM_TOKEN_API_URL'],
    [{ NANOSTREAM_TOKEN_API_URL: remote.NANOSTREAM_TOKEN_API_URL }, 'NANOSTREAM_BINTU_API_URL'],
    [
      { ...remote, NANOSTREAM_BINTU_TOKEN: undefined },
      'NANOSTREAM_BINTU_TOKEN or NANOSTREAM_API_KEY',
    ],
    [{ ...remote, NANOSTREAM_API_KEY: 'both' }, 'NANOSTREAM_API_KEY'],
  ])('should refuse %j with a message naming %s', (env, variable) => {
    expect(failure(env)).toContain(variable);
  });

  it('should accept a key list for rotation and proxy addresses', () => {
    const config = loadConfig({
      SESSION_KEYS: `${key()}, ${key()}`,
      LEDGER_KEY: `${key()},${key()}`,
      TRUST_PROXY: '10.0.0.0/8, loopback',
      COOKIE_SECURE: 'true',
    });
    expect(config.session.keys?.reveal()).toHaveLength(2);
    expect(config.ledgerKeys?.reveal()).toHaveLength(2);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(config.session.cookieSecure).toBe(true);
  });

  it('should keep viewer tokens 30 days and staff tokens 365 after expiry, 0 for ever, and refuse less', () => {
    expect(loadConfig({}).ledgerRetentionDays).toEqual({ viewer: 30, staff: 365 });
    expect(
      loadConfig({ LEDGER_RETENTION_DAYS_VIEWER: '7', LEDGER_RETENTION_DAYS_STAFF: '0' })
        .ledgerRetentionDays,
    ).toEqual({ viewer: 7, staff: 0 });
    expect(failure({ LEDGER_RETENTION_DAYS_VIEWER: '-1' })).toMatch(
      /LEDGER_RETENTION_DAYS_VIEWER: must be at least 0/,
    );
    expect(failure({ LEDGER_RETENTION_DAYS_STAFF: 'a year' })).toMatch(
      /LEDGER_RETENTION_DAYS_STAFF: must be a whole number/,
    );
  });

  it('should keep finished revoke-by-filter jobs 30 days, 0 for ever, and refuse less', () => {
    expect(loadConfig({}).revocationJobRetentionDays).toBe(30);
    expect(loadConfig({ REVOCATION_JOB_RETENTION_DAYS: '0' }).revocationJobRetentionDays).toBe(0);
    expect(failure({ REVOCATION_JOB_RETENTION_DAYS: '-1' })).toMatch(
      /REVOCATION_JOB_RETENTION_DAYS: must be at least 0/,
    );
  });

  it('should keep the API docs for signed-in staff unless told public or off', () => {
    expect(loadConfig({}).apiDocs).toBe('staff');
    expect(loadConfig({ API_DOCS: '' }).apiDocs).toBe('staff');
    expect(loadConfig({ API_DOCS: 'public' }).apiDocs).toBe('public');
    expect(loadConfig({ API_DOCS: 'off' }).apiDocs).toBe('off');
    expect(failure({ API_DOCS: 'yes' })).toMatch(/API_DOCS: .*staff.*public.*off/);
  });

  it('should treat empty variables as unset', () => {
    expect(
      loadConfig({ PORT: '', HOST: ' ', NANOSTREAM_API_KEY: '', PUBLIC_ORIGIN: '', LOG_LEVEL: '' }),
    ).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      upstream: { mode: 'embedded' },
    });
  });
});

describe('single sign-on settings', () => {
  const sso = {
    OIDC_ISSUER: 'https://login.example.com/realms/staff/',
    OIDC_CLIENT_ID: 'dashboard',
    OIDC_CLIENT_SECRET: 'client-secret-0123456789',
  };

  it('should read the issuer as written, the role map and the default role', () => {
    const config = loadConfig({
      ...sso,
      OIDC_ROLE_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'dash-admins=admin, dash-editors=editor',
      OIDC_DEFAULT_ROLE: 'viewer',
      OIDC_ALLOWED_EMAIL_DOMAINS: 'Example.com, @example.org',
    });
    expect(config.sso?.issuer.href).toBe('https://login.example.com/realms/staff/');
    expect(config.sso?.roleMap).toEqual([
      ['dash-admins', 'admin'],
      ['dash-editors', 'editor'],
    ]);
    expect(config.sso?.defaultRole).toBe('viewer');
    expect(config.sso?.allowedEmailDomains).toEqual(['example.com', 'example.org']);
    expect(config.sso?.providerName).toBe('login.example.com');
    expect(config.passwordSignIn).toBe(true);
    expect(JSON.stringify(config)).not.toContain('client-secret-0123456789');
  });

  it('should refuse half a configuration, a bad role map, and no way to sign in', () => {
    expect(failure({ OIDC_ISSUER: sso.OIDC_ISSUER })).toContain(
      'OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: must be set too',
    );
    expect(failure({ ...sso, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'x=owner' })).toContain(
      'OIDC_ROLE_MAP: "x=owner"',
    );
    expect(failure({ ...sso, OIDC_ROLE_MAP: 'x=admin' })).toContain('OIDC_ROLE_CLAIM');
    expect(failure({ ...sso, OIDC_DEFAULT_ROLE: 'owner' })).toContain('OIDC_DEFAULT_ROLE');
    expect(failure({ PASSWORD_SIGN_IN: 'false' })).toContain('PASSWORD_SIGN_IN');
    expect(failure({ ...sso, OIDC_ISSUER: 'http://login.example.com' })).toContain(
      'OIDC_ISSUER: must be https',
    );
    expect(failure(sso)).toContain(
      'OIDC_DEFAULT_ROLE: without OIDC_ROLE_CLAIM nobody could sign in',
    );
  });
});

describe('.env.example', () => {
  const file = fileURLToPath(new URL('../../../.env.example', import.meta.url));
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);

  it('should document every variable the BFF reads, and no other', () => {
    expect(entries.map(([name]) => name).sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it('should be a valid configuration as it stands', () => {
    expect(loadConfig(Object.fromEntries(entries)).upstream.mode).toBe('embedded');
  });
});
