import { describe, expect, it } from 'vitest';
import { can } from '../api.ts';
import {
  POLICY_LIMITS,
  playbackTokenRequestSchema,
  policyRequestSchema,
  updatePolicyRequestSchema,
} from '../policy.ts';

const base = {
  name: 'Cup final viewers',
  target: { type: 'group' as const, groupId: 'a1000000-0000-4000-8000-000000000001' },
  allowedOrigins: ['www.example.com'],
};
const issuesOf = (input: object, schema = policyRequestSchema) => {
  const result = schema.safeParse({ ...base, ...input });
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('playback policy request', () => {
  it('should fill the defaults: 30 minutes, IP-bound, revocable, no identity, enabled', () => {
    expect(policyRequestSchema.parse(base)).toEqual({
      ...base,
      allowedOrigins: ['https://www.example.com'],
      lifetimeMinutes: 30,
      bindIp: true,
      allowIpv6WithoutBinding: false,
      revocable: true,
      forceDisconnect: false,
      tag: undefined,
      identity: { mode: 'none' },
      enabled: true,
    });
  });

  it('should let editors and admins manage policies, not viewers', () => {
    expect(can('viewer', 'managePolicies')).toBe(false);
    expect(can('editor', 'managePolicies')).toBe(true);
    expect(can('admin', 'managePolicies')).toBe(true);
  });

  it.each([
    [4, 'Token lifetime: at least 5 minutes.'],
    [24 * 60 + 1, 'Token lifetime: at most 24 hours (1440 minutes).'],
    [30.5, 'Token lifetime: whole minutes only.'],
  ])('should refuse a lifetime of %s minutes', (lifetimeMinutes, message) => {
    expect(issuesOf({ lifetimeMinutes })).toEqual([['lifetimeMinutes', message]]);
  });

  it('should accept the lifetime bounds exactly', () => {
    expect(issuesOf({ lifetimeMinutes: POLICY_LIMITS.minLifetimeMinutes })).toEqual([]);
    expect(issuesOf({ lifetimeMinutes: POLICY_LIMITS.maxLifetimeMinutes })).toEqual([]);
  });

  it('should keep allowed sites as exact origins, https unless a scheme is written', () => {
    const parsed = policyRequestSchema.parse({
      ...base,
      allowedOrigins: [
        'https://Shop.Example.com/watch?x=1',
        'shop.example.com',
        'https://shop.example.com:443/',
        'tv.example.org.',
        'http://localhost:8080',
        'https://shop.example.com:8443',
        'http://shop.example.com',
      ],
    });
    expect(parsed.allowedOrigins).toEqual([
      'https://shop.example.com',
      'https://tv.example.org',
      'http://localhost:8080',
      'https://shop.example.com:8443',
      'http://shop.example.com',
    ]);
  });

  it('should refuse wildcards, IP addresses, names without a TLD, other schemes, credentials and an empty list', () => {
    expect(issuesOf({ allowedOrigins: ['*.example.com'] })[0]?.[1]).toMatch(
      /^Allowed sites: Wildcards are not supported/,
    );
    expect(issuesOf({ allowedOrigins: ['203.0.113.7'] })[0]).toEqual([
      'allowedOrigins.0',
      expect.stringMatching(/not an IP address/),
    ]);
    expect(issuesOf({ allowedOrigins: ['intranet'] })[0]?.[1]).toMatch(/top-level domain/);
    expect(issuesOf({ allowedOrigins: ['ftp://shop.example.com'] })[0]?.[1]).toMatch(/https:\/\//);
    expect(issuesOf({ allowedOrigins: ['https://user:pw@shop.example.com'] })[0]?.[1]).toMatch(
      /user names and passwords/,
    );
    expect(issuesOf({ allowedOrigins: [] })[0]?.[0]).toBe('allowedOrigins');
  });

  it('should want a secret of at least 32 characters when the identity is a shared secret', () => {
    expect(issuesOf({ identity: { mode: 'secret' } })).toEqual([
      ['identity.secret', expect.stringMatching(/^Shared secret: enter the secret/)],
    ]);
    expect(issuesOf({ identity: { mode: 'secret', secret: 'short' } })[0]?.[1]).toMatch(
      /at least 32 characters/,
    );
    const parsed = policyRequestSchema.parse({
      ...base,
      identity: { mode: 'secret', secret: 'x'.repeat(32), issuer: ' https://shop.example.com ' },
    });
    expect(parsed.identity).toEqual({
      mode: 'secret',
      secret: 'x'.repeat(32),
      issuer: 'https://shop.example.com',
      audience: undefined,
    });
  });

  it('should let an update leave the stored secret in place', () => {
    expect(issuesOf({ identity: { mode: 'secret' } }, updatePolicyRequestSchema)).toEqual([]);
    expect(
      issuesOf({ identity: { mode: 'secret', secret: '' } }, updatePolicyRequestSchema),
    ).toEqual([]);
  });

  it('should want https for a JWKS URL, except for a server on this machine', () => {
    expect(
      issuesOf({ identity: { mode: 'jwks', jwksUrl: 'http://auth.example.com/jwks.json' } }),
    ).toEqual([['identity.jwksUrl', expect.stringMatching(/^JWKS URL: use https/)]]);
    expect(
      issuesOf({ identity: { mode: 'jwks', jwksUrl: 'https://auth.example.com/jwks.json' } }),
    ).toEqual([]);
    expect(
      issuesOf({ identity: { mode: 'jwks', jwksUrl: 'http://127.0.0.1:8080/jwks.json' } }),
    ).toEqual([]);
    expect(issuesOf({ identity: { mode: 'jwks', jwksUrl: 'not a url' } })[0]?.[1]).toMatch(
      /^JWKS URL:/,
    );
    // A credential never travels in a URL the BFF fetches and shows.
    expect(
      issuesOf({ identity: { mode: 'jwks', jwksUrl: 'https://me:pw@auth.example.com/jwks.json' } }),
    ).toEqual([['identity.jwksUrl', expect.stringMatching(/user names and passwords/)]]);
  });

  it('should refuse unknown fields and a name with line breaks', () => {
    expect(issuesOf({ secret: 'x' })[0]?.[0]).toBe('');
    expect(issuesOf({ name: 'a\nb' })).toEqual([['name', expect.stringMatching(/line breaks/)]]);
    expect(issuesOf({ name: '  ' })).toEqual([['name', 'Name: enter a name.']]);
  });
});

describe('public token request', () => {
  it('should take a policy id or a stream group id, not both and not neither', () => {
    expect(playbackTokenRequestSchema.parse({ policy: ' p-1 ' })).toEqual({ policy: 'p-1' });
    expect(playbackTokenRequestSchema.safeParse({ groupid: 'g-1' }).success).toBe(true);
    expect(playbackTokenRequestSchema.safeParse({}).success).toBe(false);
    expect(playbackTokenRequestSchema.safeParse({ policy: 'p', groupid: 'g' }).success).toBe(false);
    expect(playbackTokenRequestSchema.safeParse({ policy: 'p', extra: 1 }).success).toBe(false);
  });
});
