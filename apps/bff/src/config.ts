import { availableParallelism } from 'node:os';
import path from 'node:path';
import { PASSWORD_MIN_LENGTH, TWO_FACTOR_REQUIREMENTS } from '@ptd/contracts';
import { z } from 'zod';
import type { KeyList } from './lib/crypto.ts';
import { Secret } from './lib/secret.ts';
import { passwordProblem } from './services/credentials/password-policy.ts';
import { ssoEnvShape, ssoFrom } from './services/sso/sso-config.ts';
import {
  base64Key,
  blankToUndefined as blank,
  boolFlag,
  integer,
  optionalText,
  optionalUrl,
  textWithDefault,
  trustProxy,
} from './lib/env-types.ts';

/** The nanoStream credential the BFF sends upstream. Only the upstream client reveals it. */
export type Credential = { kind: 'apikey' | 'token'; value: Secret };

export type UpstreamConfig =
  | { mode: 'embedded' }
  | { mode: 'remote'; tokenApiUrl: string; bintuApiUrl: string; credential: Credential };

/** Comma-separated keys, each 32 random bytes in base64; the first is the current one. */
const keyList = optionalText.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const parsed = v.split(',').map((k) => base64Key.safeParse(k.trim()));
  if (parsed.some((p) => !p.success)) {
    ctx.addIssue({ code: 'custom', message: 'each key must be 32 random bytes in base64' });
    return z.NEVER;
  }
  return parsed.map((p) => p.data as Buffer) as unknown as KeyList;
});

/**
 * Password checks (argon2, 19 MiB each) at once: half of libuv's thread pool (UV_THREADPOOL_SIZE,
 * 4 unless set), so DNS lookups, crypto and files keep the other half, and no more than the
 * machine's cores.
 */
export function defaultPasswordChecksAtOnce(
  threadPool = Number(process.env.UV_THREADPOOL_SIZE) || 4,
  cores = availableParallelism(),
) {
  return Math.max(1, Math.min(Math.floor(threadPool / 2), cores));
}

const envSchema = z.object({
  NODE_ENV: z.preprocess(
    blank,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
  HOST: textWithDefault('127.0.0.1'),
  PORT: integer(0, 65535, 3000),
  TRUST_PROXY: trustProxy,
  PUBLIC_ORIGIN: optionalUrl.refine((v) => v === undefined || new URL(v).origin === v, {
    error: 'must be an origin only, e.g. https://dashboard.example.com (no path, no slash)',
  }),
  DATA_DIR: textWithDefault('./.data'),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    error: 'must be a postgres:// URL (leave it unset for the embedded SQLite database)',
  }),
  DATABASE_SCHEMA: textWithDefault('public').pipe(
    z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
      error: 'must be a plain PostgreSQL schema name (lower case letters, digits, underscores)',
    }),
  ),
  DATABASE_CONNECT_TIMEOUT_MS: integer(500, 60_000, 5_000),
  DATABASE_QUERY_TIMEOUT_MS: integer(500, 600_000, 10_000),
  AUDIT_LOG_LINES: boolFlag,
  LOG_LEVEL: z.preprocess(
    blank,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SESSION_KEYS: keyList,
  SESSION_IDLE_MINUTES: integer(1, 24 * 60, 30),
  SESSION_ABSOLUTE_HOURS: integer(1, 24 * 30, 12),
  REAUTH_MINUTES: integer(1, 24 * 60, 10),
  COOKIE_SECURE: boolFlag,
  LEDGER_KEY: keyList,
  ADMIN_EMAIL: optionalText.pipe(z.email().toLowerCase().optional()),
  ADMIN_PASSWORD: optionalText.pipe(
    z
      .string()
      .min(PASSWORD_MIN_LENGTH, `must have at least ${PASSWORD_MIN_LENGTH} characters`)
      .optional(),
  ),
  TWO_FACTOR_REQUIRED: z.preprocess(blank, z.enum(TWO_FACTOR_REQUIREMENTS).default('off')),
  NANOSTREAM_TOKEN_API_URL: optionalUrl,
  NANOSTREAM_BINTU_API_URL: optionalUrl,
  NANOSTREAM_BINTU_TOKEN: optionalText,
  NANOSTREAM_API_KEY: optionalText,
  PLAYER_EMBED_URL: optionalUrl,
  PLAYER_SCRIPT_URL: optionalUrl,
  PLAYER_BINTU_API_URL: optionalUrl,
  PLAYER_RTMP_URL: optionalText,
  PLAYER_WEBSOCKET_URL: optionalText,
  PLAYER_HLS_URL: optionalUrl,
  UPSTREAM_CONNECT_TIMEOUT_MS: integer(100, 120_000, 3000),
  UPSTREAM_TIMEOUT_MS: integer(100, 300_000, 10_000),
  UPSTREAM_CONNECTIONS: integer(1, 1024, 256),
  WEB_DIST_DIR: optionalText,
  EMULATOR_PORT: integer(0, 65535, 0),
  BODY_LIMIT_BYTES: integer(1024, 10 * 1024 * 1024, 64 * 1024),
  REQUEST_TIMEOUT_MS: integer(1000, 600_000, 60_000),
  SIGN_IN_RATE_PER_MINUTE: integer(1, 10_000, 10),
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS: integer(1, 1000, 5),
  SIGN_IN_FREE_FAILURES_PER_ADDRESS: integer(1, 10_000, 20),
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT: integer(1, 10_000, 10),
  SIGN_IN_MAX_WAIT_MINUTES: integer(1, 24 * 60, 15),
  PASSWORD_CHECKS_AT_ONCE: integer(1, 1024, defaultPasswordChecksAtOnce()),
  TOKEN_CREATE_RATE_PER_MINUTE: integer(1, 10_000, 30),
  RATE_LIMIT_KEYS: integer(1000, 10_000_000, 20_000),
  BULK_MINT_RATE_PER_SECOND: integer(1, 1000, 20),
  BULK_MINT_CONCURRENCY: integer(1, 32, 8),
  PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: integer(1, 100_000, 20),
  PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: integer(1, 1_000_000, 1200),
  IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK: boolFlag,
  VIEWER_LEDGER_WRITES: z.preprocess(blank, z.enum(['behind', 'committed']).default('behind')),
  API_DOCS: z.preprocess(blank, z.enum(['staff', 'public', 'off']).default('staff')),
  VIEWER_LEDGER_MAX_HELD_ROWS: integer(1, 1_000_000, 10_000),
  LEDGER_RETENTION_DAYS_VIEWER: integer(0, 36_500, 30),
  LEDGER_RETENTION_DAYS_STAFF: integer(0, 36_500, 365),
  REVOCATION_JOB_RETENTION_DAYS: integer(0, 36_500, 30),
  ...ssoEnvShape,
});

export type Env = z.input<typeof envSchema>;

/** Every variable the BFF reads (each is documented in .env.example). */
export const ENV_VARIABLES = Object.keys(envSchema.shape);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function upstreamFrom(env: z.output<typeof envSchema>): UpstreamConfig {
  const remote = {
    NANOSTREAM_TOKEN_API_URL: env.NANOSTREAM_TOKEN_API_URL,
    NANOSTREAM_BINTU_API_URL: env.NANOSTREAM_BINTU_API_URL,
    'NANOSTREAM_BINTU_TOKEN or NANOSTREAM_API_KEY':
      env.NANOSTREAM_BINTU_TOKEN ?? env.NANOSTREAM_API_KEY,
  };
  const missing = Object.entries(remote).filter(([, v]) => v === undefined);
  if (missing.length === 3) return { mode: 'embedded' };
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${missing.map(([k]) => k).join(', ')} must be set too ` +
        '(remote mode needs both API URLs and one credential; set none of them for the embedded emulator).',
    );
  }
  if (env.NANOSTREAM_BINTU_TOKEN && env.NANOSTREAM_API_KEY) {
    throw new ConfigError(
      'Invalid configuration: NANOSTREAM_BINTU_TOKEN and NANOSTREAM_API_KEY are both set; set only one.',
    );
  }
  const credential: Credential = env.NANOSTREAM_BINTU_TOKEN
    ? { kind: 'token', value: new Secret(env.NANOSTREAM_BINTU_TOKEN) }
    : { kind: 'apikey', value: new Secret(env.NANOSTREAM_API_KEY as string) };
  return {
    mode: 'remote',
    tokenApiUrl: env.NANOSTREAM_TOKEN_API_URL as string,
    bintuApiUrl: env.NANOSTREAM_BINTU_API_URL as string,
    credential,
  };
}

/** Parses the environment once. A bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      `Invalid configuration: ${e.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'} must be set together with ${e.ADMIN_EMAIL ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'}.`,
    );
  }
  // The same rule as for every other password: an admin with a common one is refused at start.
  const weak =
    e.ADMIN_EMAIL && e.ADMIN_PASSWORD
      ? passwordProblem(e.ADMIN_PASSWORD, 'ADMIN_PASSWORD', [e.ADMIN_EMAIL, 'admin'])
      : undefined;
  if (weak) {
    throw new ConfigError(`Invalid configuration:\n  ${weak}`);
  }
  const { sso, problems } = ssoFrom(e);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    trustProxy: e.TRUST_PROXY,
    publicOrigin: e.PUBLIC_ORIGIN,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL === undefined ? undefined : new Secret(e.DATABASE_URL),
    databaseSchema: e.DATABASE_SCHEMA,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    databaseQueryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    /** Every audit entry also as a JSON line in the log, for a log shipper to take elsewhere. */
    auditLogLines: e.AUDIT_LOG_LINES ?? true,
    session: {
      keys: e.SESSION_KEYS === undefined ? undefined : new Secret(e.SESSION_KEYS),
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
      reauthMinutes: e.REAUTH_MINUTES,
      cookieSecure: e.COOKIE_SECURE,
    },
    ledgerKeys: e.LEDGER_KEY === undefined ? undefined : new Secret(e.LEDGER_KEY),
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD
        ? { email: e.ADMIN_EMAIL, password: new Secret(e.ADMIN_PASSWORD) }
        : undefined,
    upstream: upstreamFrom(e),
    playerOverrides: {
      embedUrl: e.PLAYER_EMBED_URL,
      playerScriptUrl: e.PLAYER_SCRIPT_URL,
      bintuApiUrl: e.PLAYER_BINTU_API_URL,
      rtmpUrl: e.PLAYER_RTMP_URL,
      websocketUrl: e.PLAYER_WEBSOCKET_URL,
      hlsUrl: e.PLAYER_HLS_URL,
    },
    upstreamTimeouts: {
      connectMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      responseMs: e.UPSTREAM_TIMEOUT_MS,
    },
    upstreamConnections: e.UPSTREAM_CONNECTIONS,
    emulatorPort: e.EMULATOR_PORT,
    webDistDir: e.WEB_DIST_DIR === undefined ? undefined : path.resolve(e.WEB_DIST_DIR),
    limits: {
      bodyBytes: e.BODY_LIMIT_BYTES,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      signInPerMinute: e.SIGN_IN_RATE_PER_MINUTE,
      /** argon2 checks running at once; a few more wait, the rest get 503 at once. */
      passwordChecksAtOnce: e.PASSWORD_CHECKS_AT_ONCE,
      signInThrottle: {
        freePerAccountAndAddress: e.SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        freePerAddress: e.SIGN_IN_FREE_FAILURES_PER_ADDRESS,
        freePerAccount: e.SIGN_IN_FREE_FAILURES_PER_ACCOUNT,
        maxWaitMs: e.SIGN_IN_MAX_WAIT_MINUTES * 60_000,
      },
      tokenCreatePerMinute: e.TOKEN_CREATE_RATE_PER_MINUTE,
      /** Addresses (keys) each in-process limit counts at once, about 213 bytes each. */
      rateLimitKeys: e.RATE_LIMIT_KEYS,
      bulkMintPerSecond: e.BULK_MINT_RATE_PER_SECOND,
      bulkMintConcurrency: e.BULK_MINT_CONCURRENCY,
      playbackTokenPerIpPerMinute: e.PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE,
      playbackTokenPerPolicyPerMinute: e.PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE,
    },
    /**
     * When a viewer token's ledger row is written: `behind` the answer, in batches (decision
     * 020), or `committed` before the token is handed out (decision 019).
     */
    viewerLedgerWrites: e.VIEWER_LEDGER_WRITES,
    /**
     * Who may read the API's description (`/api/docs`, `/api/openapi.json`): signed-in `staff`
     * (any role), anyone (`public`), or no one (`off`: not served).
     */
    apiDocs: e.API_DOCS,
    /** `behind`: rows held at most (then no viewer token is issued until they are written). */
    viewerLedgerMaxHeldRows: e.VIEWER_LEDGER_MAX_HELD_ROWS,
    /** Days after expiry that a token's ledger row is kept; 0 keeps it for ever. */
    ledgerRetentionDays: {
      viewer: e.LEDGER_RETENTION_DAYS_VIEWER,
      staff: e.LEDGER_RETENTION_DAYS_STAFF,
    },
    /** Days a finished revoke-by-filter job is kept after it finished; 0 keeps it for ever. */
    revocationJobRetentionDays: e.REVOCATION_JOB_RETENTION_DAYS,
    /** OpenID Connect sign-in, when configured (OIDC_*). */
    sso,
    /** PASSWORD_SIGN_IN: whether email and password still sign in (false needs `sso`). */
    passwordSignIn: e.PASSWORD_SIGN_IN,
    /** Who must sign in with an authenticator code: nobody, admins, or everyone. */
    twoFactorRequired: e.TWO_FACTOR_REQUIRED,
    identityJwks: {
      /** Local testing only: a policy's JWKS URL may be (plain http to) this machine. */
      allowHttpLoopback: e.IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK ?? false,
    },
    /**
     * Argon2 cost. Only code (tests) can lower it; no environment variable does, so a
     * deployment cannot weaken password hashing by accident.
     */
    passwordHashCost: 'production' as 'production' | 'test',
  };
}

export type Config = ReturnType<typeof loadConfig>;
