import { decodeToken, type PlaybackPolicy, type TokenList } from '@ptd/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { staffClient } from '../../helpers/client.ts';
import { CUP_FINAL_GROUP, SHOP, createPolicy, requestToken } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let policy: PlaybackPolicy;

const {
  t,
  emulator,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });
beforeAll(async () => {
  policy = await createPolicy(editor, { tag: 'cup-final' });
});

const claimsOf = (response: LightMyRequestResponse) => {
  const decoded = decodeToken(response.json<{ jwtoken: string }>().jwtoken);
  if (!decoded.ok) throw new Error(`not a token: ${response.body}`);
  return decoded.token.claims;
};

const ledgerRow = (jti: unknown) =>
  t.app.db
    .selectFrom('ledger')
    .selectAll()
    .where('jti', '=', String(jti))
    .executeTakeFirstOrThrow();

/** The emulator's player page, as a browser at `ip` on `referer` would open it. */
const play = (token: string, ip: string, referer: string) =>
  emulator.app.inject({
    method: 'GET',
    url: `/nanoplayer/embed/1.3.3/nanoplayer.html?group.id=${CUP_FINAL_GROUP}&group.security.jwtoken=${token}`,
    remoteAddress: ip,
    headers: { referer },
  });

describe('POST /playback-token', () => {
  it('should issue a short-lived token bound to the viewer’s IP and site, and record it', async () => {
    const response = await requestToken(t.app, { policy: policy.id });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['access-control-allow-origin']).toBe(`https://${SHOP}`);
    expect(String(response.headers.vary)).toMatch(/Origin/i);
    const body = response.json<{ jwtoken: string; exp: number }>();
    expect(Object.keys(body).sort()).toEqual(['exp', 'jwtoken']);
    const claims = claimsOf(response);
    expect(claims).toMatchObject({
      groupid: CUP_FINAL_GROUP,
      ip: '203.0.113.7',
      domain: SHOP,
      tag: 'cup-final',
      revocable: true,
      exp: body.exp,
    });
    expect(claims.user).toBeUndefined();
    expect(Number(claims.exp) - Number(claims.iat)).toBeGreaterThanOrEqual(30 * 60 - 1);
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(30 * 60);

    const row = await ledgerRow(claims.jti);
    expect(row).toMatchObject({
      kind: 'viewer',
      policy_id: policy.id,
      ip: '203.0.113.7',
      domain: SHOP,
      viewer_user: null,
      tag: 'cup-final',
      created_by: null,
      revocable: 1,
    });
    // Revocable: kept encrypted so staff can revoke it, never in clear.
    expect(row.encrypted_token).toMatch(/^v1\./);
    const list = (await editor.get(`/api/tokens?policy=${policy.id}`)).json<TokenList>();
    expect(list.items[0]).toMatchObject({
      jti: claims.jti,
      kind: 'viewer',
      policyId: policy.id,
      policyName: 'Cup final viewers',
      createdBy: null,
    });
  });

  it('should mint a token the player accepts only from that IP and site', async () => {
    const response = await requestToken(t.app, { policy: policy.id, remoteAddress: '127.0.0.1' });
    const token = response.json<{ jwtoken: string }>().jwtoken;
    const allowed = await play(token, '127.0.0.1', `https://${SHOP}/watch`);
    expect(allowed.body).toContain('data-verdict="allowed"');
    const otherIp = await play(token, '127.0.0.2', `https://${SHOP}/watch`);
    expect(otherIp.body).toContain('data-reason="ip-mismatch"');
    const otherSite = await play(token, '127.0.0.1', 'https://evil.example.net/');
    expect(otherSite.body).toContain('data-reason="referer-mismatch"');
  });

  it('should take the site from the Referer when the browser sends no Origin', async () => {
    const response = await requestToken(t.app, {
      policy: policy.id,
      origin: null,
      referer: `https://${SHOP}/live/final?seat=7`,
    });
    expect(response.statusCode).toBe(200);
    expect(claimsOf(response).domain).toBe(SHOP);
  });

  it('should refuse other sites, and requests that name no site, without CORS headers', async () => {
    const other = await requestToken(t.app, {
      policy: policy.id,
      origin: 'https://evil.example.net',
    });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual({
      code: 'origin-not-allowed',
      message: 'Pages on https://evil.example.net may not request playback tokens for this stream.',
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    // A subdomain is another origin: allowed origins are exact.
    const sub = await requestToken(t.app, { policy: policy.id, origin: `https://www.${SHOP}` });
    expect(sub.statusCode).toBe(403);

    const none = await requestToken(t.app, { policy: policy.id, origin: null });
    expect(none.statusCode).toBe(403);
    expect(none.json().code).toBe('origin-required');

    const sandboxed = await requestToken(t.app, { policy: policy.id, origin: 'null' });
    expect(sandboxed.statusCode).toBe(403);
    expect(sandboxed.json().code).toBe('origin-not-allowed');
  });

  it('should answer a CORS preflight only for sites an enabled policy allows', async () => {
    const preflight = (origin: string, method = 'POST') =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/playback-token',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const allowed = await preflight(`https://${SHOP}`);
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': `https://${SHOP}`,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, authorization',
      'access-control-max-age': '600',
    });

    const refused = await preflight('https://evil.example.net');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight(`https://${SHOP}`, 'DELETE')).statusCode).toBe(403);

    // A site only a disabled policy lists gets no CORS either.
    const paused = await createPolicy(editor, { allowedOrigins: ['paused.example.org'] });
    expect((await preflight('https://paused.example.org')).statusCode).toBe(204);
    await editor.post(`/api/policies/${paused.id}/disable`);
    expect((await preflight('https://paused.example.org')).statusCode).toBe(403);
  });

  it('should not let one policy’s site use another policy', async () => {
    const other = await createPolicy(editor, { allowedOrigins: ['tv.example.org'] });
    const response = await requestToken(t.app, {
      policy: policy.id,
      origin: 'https://tv.example.org',
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const own = await requestToken(t.app, { policy: other.id, origin: 'https://tv.example.org' });
    expect(own.headers['access-control-allow-origin']).toBe('https://tv.example.org');
  });

  it('should refuse a disabled policy at once, and serve it again once enabled', async () => {
    const paused = await createPolicy(editor);
    await editor.post(`/api/policies/${paused.id}/disable`);
    const refused = await requestToken(t.app, { policy: paused.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      code: 'policy-disabled',
      message: 'Playback with this policy is switched off.',
    });
    await editor.post(`/api/policies/${paused.id}/enable`);
    expect((await requestToken(t.app, { policy: paused.id })).statusCode).toBe(200);
  });

  it('should find the policy by the stream group it covers', async () => {
    const group = 'a1000000-0000-4000-8000-000000000006';
    const unknown = await requestToken(t.app, { body: { groupid: group } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('policy-not-found');

    const forShop = await createPolicy(editor, { target: { type: 'group', groupId: group } });
    const forTv = await createPolicy(editor, {
      target: { type: 'group', groupId: group },
      allowedOrigins: ['tv.example.org'],
    });
    const shop = await requestToken(t.app, { body: { groupid: group } });
    expect(shop.statusCode).toBe(200);
    const tv = await requestToken(t.app, {
      body: { groupid: group },
      origin: 'https://tv.example.org',
    });
    expect(tv.statusCode).toBe(200);
    const rows = await Promise.all([ledgerRow(claimsOf(shop).jti), ledgerRow(claimsOf(tv).jti)]);
    expect(rows.map((row) => row.policy_id)).toEqual([forShop.id, forTv.id]);

    await createPolicy(editor, { target: { type: 'group', groupId: group } });
    const ambiguous = await requestToken(t.app, { body: { groupid: group } });
    expect(ambiguous.statusCode).toBe(409);
    expect(ambiguous.json().code).toBe('policy-ambiguous');
  });

  it('should answer unknown policies and malformed bodies with clear 4xx bodies', async () => {
    const unknown = await requestToken(t.app, { policy: 'no-such-policy' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      code: 'policy-not-found',
      message: 'There is no playback policy with this id.',
    });
    const empty = await requestToken(t.app, { body: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'invalid-request' });
    const both = await requestToken(t.app, { body: { policy: policy.id, groupid: 'x' } });
    expect(both.statusCode).toBe(400);
    const text = await t.app.inject({
      method: 'POST',
      url: '/playback-token',
      headers: { origin: `https://${SHOP}`, 'content-type': 'text/plain' },
      payload: JSON.stringify({ policy: policy.id }),
    });
    expect(text.statusCode).toBe(415);
  });

  it('should say the policy cannot issue tokens, in our words, when the token service refuses its target', async () => {
    const foreign = await createPolicy(editor, {
      target: { type: 'group', groupId: 'b2000000-0000-4000-8000-000000000001' },
    });
    const response = await requestToken(t.app, { policy: foreign.id });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      code: 'policy-not-issuable',
      message: expect.stringMatching(/^This stream’s playback policy cannot issue tokens/),
    });
  });
});

describe('client addresses', () => {
  it('should refuse an IPv6 viewer with a clear message', async () => {
    const response = await requestToken(t.app, {
      policy: policy.id,
      remoteAddress: '2001:db8::7',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      code: 'ipv6-not-supported',
      message: expect.stringMatching(/^Your device reached us over IPv6 \(2001:db8::7\).*IPv4/),
    });
  });

  it('should serve an IPv6 viewer without IP binding when the policy allows it', async () => {
    const lenient = await createPolicy(editor, { allowIpv6WithoutBinding: true });
    const v6 = await requestToken(t.app, { policy: lenient.id, remoteAddress: '2001:db8::7' });
    expect(v6.statusCode).toBe(200);
    expect(claimsOf(v6).ip).toBeUndefined();
    expect((await ledgerRow(claimsOf(v6).jti)).ip).toBeNull();
    // IPv4 viewers of that policy are still bound.
    const v4 = await requestToken(t.app, { policy: lenient.id });
    expect(claimsOf(v4).ip).toBe('203.0.113.7');
  });

  it('should unwrap an IPv4-mapped address and bind the IPv4', async () => {
    const response = await requestToken(t.app, {
      policy: policy.id,
      remoteAddress: '::ffff:198.51.100.23',
    });
    expect(response.statusCode).toBe(200);
    expect(claimsOf(response).ip).toBe('198.51.100.23');
  });

  it('should leave the IP out when the policy does not bind it', async () => {
    const unbound = await createPolicy(editor, { bindIp: false });
    const response = await requestToken(t.app, { policy: unbound.id });
    expect(claimsOf(response).ip).toBeUndefined();
    const v6 = await requestToken(t.app, { policy: unbound.id, remoteAddress: '2001:db8::7' });
    expect(v6.statusCode).toBe(200);
  });

  it('should ignore X-Forwarded-For and X-Real-IP when no proxy is trusted', async () => {
    const response = await requestToken(t.app, {
      policy: policy.id,
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '198.51.100.99', 'x-real-ip': '198.51.100.98' },
    });
    expect(claimsOf(response).ip).toBe('127.0.0.1');
  });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let proxied: TestApp;
  let proxiedPolicy: PlaybackPolicy;

  beforeAll(async () => {
    proxied = await createTestApp({ upstreamUrl: emulator.url, env: { TRUST_PROXY: 'loopback' } });
    proxiedPolicy = await createPolicy(await staffClient(proxied.app, 'editor'));
  });
  afterAll(() => proxied.close());

  const viaProxy = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
    requestToken(proxied.app, { policy: proxiedPolicy.id, remoteAddress, headers });

  it('should bind the client address the proxy forwards', async () => {
    expect(claimsOf(await viaProxy({ 'x-forwarded-for': '203.0.113.50' })).ip).toBe('203.0.113.50');
    // Walks back through trusted hops only.
    expect(claimsOf(await viaProxy({ 'x-forwarded-for': '203.0.113.50, 127.0.0.9' })).ip).toBe(
      '203.0.113.50',
    );
    expect(claimsOf(await viaProxy({ 'x-real-ip': '203.0.113.51' })).ip).toBe('203.0.113.51');
    expect(claimsOf(await viaProxy({ 'x-forwarded-for': '::ffff:203.0.113.52' })).ip).toBe(
      '203.0.113.52',
    );
  });

  it('should ignore forwarding headers from an address that is not a trusted proxy', async () => {
    const response = await viaProxy(
      { 'x-forwarded-for': '203.0.113.50', 'x-real-ip': '203.0.113.51' },
      '198.51.100.4',
    );
    expect(claimsOf(response).ip).toBe('198.51.100.4');
  });

  it('should refuse a forwarded IPv6 client and a forwarded address that is not an IP', async () => {
    const v6 = await viaProxy({ 'x-forwarded-for': '2001:db8::9' });
    expect(v6.statusCode).toBe(403);
    expect(v6.json().code).toBe('ipv6-not-supported');
    const junk = await viaProxy({ 'x-forwarded-for': 'unknown' });
    expect(junk.statusCode).toBe(400);
    expect(junk.json()).toEqual({
      code: 'client-address-invalid',
      message: 'The client address forwarded by the proxy is not an IP address.',
    });
  });
});

describe('token lifetime', () => {
  it.each([
    [5, 300],
    [24 * 60, 86_400],
  ])('should issue tokens of a %s-minute policy valid for %s seconds', async (minutes, seconds) => {
    const timed = await createPolicy(editor, { lifetimeMinutes: minutes, revocable: true });
    const response = await requestToken(t.app, { policy: timed.id });
    expect(response.statusCode).toBe(200);
    const claims = claimsOf(response);
    expect(Number(claims.exp) - Number(claims.iat)).toBeGreaterThanOrEqual(seconds - 1);
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(seconds);
    expect((await ledgerRow(claims.jti)).expires_at).toBe(claims.exp);
  });

  it.each([4, 24 * 60 + 1])('should refuse a policy lifetime of %s minutes', async (minutes) => {
    const response = await editor.post('/api/policies', {
      name: 'x',
      target: { type: 'organisation' },
      allowedOrigins: [SHOP],
      lifetimeMinutes: minutes,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0].path).toBe('lifetimeMinutes');
  });
});
