import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { configuredSecrets, logRedactor } from '../../src/lib/log-redaction.ts';

const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.AbC-_09';
const line = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, ...fields }) + '\n';

describe('logRedactor', () => {
  const secret = 'key/with "quotes" & spaces+plus\\';
  const redact = logRedactor([secret]);

  it('should redact a secret in its JSON-escaped and URL-encoded forms and keep the line JSON', () => {
    for (const text of [
      line({ msg: `refused: ${secret}` }),
      line({ req: { url: `/x?q=${encodeURIComponent(secret)}` } }),
      line({ req: { url: `/x?q=${encodeURIComponent(secret).replace(/%20/g, '+')}` } }),
      line({ req: { url: `/x/${encodeURI(secret)}` } }),
    ]) {
      const redacted = redact(text);
      expect(redacted).toContain('[redacted]');
      expect(redacted).not.toContain('quotes');
      expect(() => JSON.parse(redacted)).not.toThrow();
    }
  });

  it('should redact anything shaped like a JWT, signed or not', () => {
    const unsigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.';
    const redacted = redact(line({ msg: `a ${JWT} and ${unsigned} end` }));
    expect(JSON.parse(redacted).msg).toBe('a [redacted] and [redacted] end');
  });

  it('should return a line without suspicious text unchanged', () => {
    const text = line({ msg: 'request completed', res: { statusCode: 200 }, responseTime: 1.5 });
    expect(redact(text)).toBe(text);
    expect(logRedactor([])(text)).toBe(text);
  });

  it('should ignore values too short to be a credential', () => {
    const text = line({ msg: 'level k', time: 1234 });
    expect(logRedactor(['k', '1234'])(text)).toBe(text);
  });
});

describe('configuredSecrets', () => {
  it('should name the upstream credential, the DATABASE_URL password and ADMIN_PASSWORD', () => {
    const config = loadConfig({
      NANOSTREAM_TOKEN_API_URL: 'https://token.example.com',
      NANOSTREAM_BINTU_API_URL: 'https://bintu.example.com',
      NANOSTREAM_API_KEY: 'api-key-0123456789',
      DATABASE_URL: 'postgres://ptd:p%40ss%2Fword-123@db.example.com/ptd',
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: 'a long admin passphrase',
    });
    expect(configuredSecrets(config)).toEqual(
      expect.arrayContaining([
        'api-key-0123456789',
        'p%40ss%2Fword-123',
        'p@ss/word-123',
        'a long admin passphrase',
      ]),
    );
    const redacted = logRedactor(configuredSecrets(config))(
      line({ msg: 'connect to postgres://ptd:p@ss/word-123@db failed' }),
    );
    expect(redacted).not.toContain('word-123');
  });

  it('should name the OpenID client secret', () => {
    const config = loadConfig({
      OIDC_ISSUER: 'https://login.example.com/realms/staff',
      OIDC_CLIENT_ID: 'dashboard',
      OIDC_CLIENT_SECRET: 'oidc-client-secret-0123456789',
      OIDC_DEFAULT_ROLE: 'viewer',
    });
    expect(configuredSecrets(config)).toContain('oidc-client-secret-0123456789');
  });
});
