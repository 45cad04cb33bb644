import { decodeToken, type PlaybackPolicy } from '@ptd/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  identityClaims,
  signWithSecret,
  startSiteKeys,
  type SiteKeys,
} from '../../helpers/identity.ts';
import { createPolicy, requestToken } from '../../helpers/policies.ts';
import { CREDENTIALS } from '../../helpers/upstream.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const SECRET = 'the shop signs its viewers with this 48 char secret';
const nowS = () => Math.floor(Date.now() / 1000);

let site: SiteKeys;
let withSecret: PlaybackPolicy;
let withKeys: PlaybackPolicy;
const issued: string[] = [];
const identities: string[] = [];

const {
  t,
  clients: { editor },
} = useTestApp({
  // The site's keys are served over http from 127.0.0.1.
  env: { LOG_LEVEL: 'trace', IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK: 'true' },
  clients: { editor: 'editor' },
});
beforeAll(async () => {
  site = await startSiteKeys();
  withSecret = await createPolicy(editor, {
    identity: { mode: 'secret', secret: SECRET, audience: 'playback' },
  });
  withKeys = await createPolicy(editor, { identity: { mode: 'jwks', jwksUrl: site.url } });
});
afterAll(async () => {
  await site.close();
});

/** Sends an identity as a bearer token, remembering everything secret for the leak check. */
async function withIdentity(policy: PlaybackPolicy, identity: string | undefined, inBody = false) {
  if (identity) identities.push(identity);
  const response = await requestToken(t.app, {
    body: { policy: policy.id, ...(inBody && identity ? { identity } : {}) },
    headers: identity && !inBody ? { authorization: `Bearer ${identity}` } : {},
  });
  if (response.statusCode === 200) issued.push(response.json<{ jwtoken: string }>().jwtoken);
  return response;
}

const userOf = (response: LightMyRequestResponse) => {
  const decoded = decodeToken(response.json<{ jwtoken: string }>().jwtoken);
  return decoded.ok ? decoded.token.claims.user : 'not a token';
};

const expectRefused = (response: LightMyRequestResponse, code: string) => {
  expect(response.statusCode).toBe(401);
  expect(response.json().code).toBe(code);
  expect(response.headers['www-authenticate']).toBe('Bearer realm="playback-token"');
};

describe('viewer identity with a shared secret (HS256)', () => {
  const good = (claims = {}) =>
    signWithSecret(SECRET, identityClaims({ aud: 'playback', ...claims }));

  it('should make the identity’s subject the token’s user, from the header or the body', async () => {
    const response = await withIdentity(withSecret, await good());
    expect(response.statusCode).toBe(200);
    expect(userOf(response)).toBe('viewer-42');
    const inBody = await withIdentity(withSecret, await good({ sub: 'viewer-43' }), true);
    expect(userOf(inBody)).toBe('viewer-43');
    const rows = await t.app.db
      .selectFrom('ledger')
      .select(['viewer_user', 'policy_id', 'kind'])
      .where('viewer_user', '=', 'viewer-43')
      .execute();
    expect(rows).toEqual([{ viewer_user: 'viewer-43', policy_id: withSecret.id, kind: 'viewer' }]);
  });

  it('should refuse a missing identity with 401', async () => {
    const response = await withIdentity(withSecret, undefined);
    expectRefused(response, 'identity-required');
    expect(response.json().message).toMatch(/Authorization: Bearer/);
  });

  it('should refuse an identity signed with another secret', async () => {
    const forged = await signWithSecret(
      'not the shop secret, but just as long as it',
      identityClaims({ aud: 'playback' }),
    );
    const response = await withIdentity(withSecret, forged);
    expectRefused(response, 'identity-invalid');
    expect(response.json().message).toBe(
      'The viewer identity is not valid: the signature does not match.',
    );
  });

  it('should refuse an expired identity, and one issued too long ago', async () => {
    expectRefused(
      await withIdentity(withSecret, await good({ iat: nowS() - 400, exp: nowS() - 60 })),
      'identity-expired',
    );
    expectRefused(
      await withIdentity(withSecret, await good({ iat: nowS() - 3600, exp: nowS() + 3600 })),
      'identity-expired',
    );
  });

  it('should refuse an identity without exp or sub, or for another audience', async () => {
    const noExp = await signWithSecret(SECRET, { sub: 'v', iat: nowS(), aud: 'playback' });
    expectRefused(await withIdentity(withSecret, noExp), 'identity-invalid');
    expectRefused(
      await withIdentity(withSecret, await good({ sub: undefined })),
      'identity-invalid',
    );
    expectRefused(
      await withIdentity(withSecret, await good({ aud: 'billing' })),
      'identity-invalid',
    );
    expectRefused(await withIdentity(withSecret, 'not-a-jwt'), 'identity-invalid');
  });
});

describe('viewer identity from the site’s JWKS', () => {
  it('should accept an identity signed with the site’s published key', async () => {
    const response = await withIdentity(withKeys, await site.sign());
    expect(response.statusCode).toBe(200);
    expect(userOf(response)).toBe('viewer-42');
    expect(site.requests()).toBeGreaterThan(0);
  });

  it('should refuse a missing, forged or expired identity', async () => {
    expectRefused(await withIdentity(withKeys, undefined), 'identity-required');
    expectRefused(
      await withIdentity(withKeys, await site.sign(identityClaims(), site.foreignKey)),
      'identity-invalid',
    );
    expectRefused(
      await withIdentity(withKeys, await site.sign(identityClaims({ exp: nowS() - 60 }))),
      'identity-expired',
    );
  });

  it('should refuse an HMAC token against a JWKS policy (no algorithm confusion)', async () => {
    expectRefused(await withIdentity(withKeys, await signWithSecret(SECRET)), 'identity-invalid');
  });

  it('should answer 502 when the key an identity names cannot be loaded from the site', async () => {
    const other = await startSiteKeys();
    const down = await createPolicy(editor, { identity: { mode: 'jwks', jwksUrl: other.url } });
    await other.close();
    // Past the cooldown, an unknown key id makes the BFF look at the site again: it is down.
    t.clock.advance(31_000);
    const response = await withIdentity(
      down,
      await other.sign(identityClaims(), undefined, 'site-key-2'),
    );
    expect(response.statusCode).toBe(502);
    expect(response.json().code).toBe('identity-unavailable');
  });

  it('should never put an identity, a minted token or the credential in a log line', () => {
    const logs = t.rawLogs();
    expect(issued.length).toBeGreaterThan(2);
    for (const secret of [...issued, ...identities, SECRET, CREDENTIALS.demoEvents.adminToken]) {
      expect(logs).not.toContain(secret);
    }
  });
});
