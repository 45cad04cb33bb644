import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { staffClient } from '../../helpers/client.ts';
import { SHOP, createPolicy, requestToken } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const { t, emulator } = useTestApp({
  env: {
    PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '3',
    PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '5',
  },
});

describe('public token endpoint rate limits', () => {
  it('should limit requests per client IP, readable by the allowed site', async () => {
    const editor = await staffClient(t.app, 'editor');
    const policy = await createPolicy(editor);
    const fromIp = (remoteAddress: string) =>
      requestToken(t.app, { policy: policy.id, remoteAddress });
    for (let i = 0; i < 3; i += 1) expect((await fromIp('198.51.100.1')).statusCode).toBe(200);
    const limited = await fromIp('198.51.100.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({
      code: 'rate-limited',
      message: 'Too many requests. Wait a moment and try again.',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['access-control-allow-origin']).toBe(`https://${SHOP}`);
    // Refused requests count too: a viewer cannot probe without limit.
    expect(
      (await requestToken(t.app, { policy: 'nope', remoteAddress: '198.51.100.1' })).statusCode,
    ).toBe(429);
    expect((await fromIp('198.51.100.2')).statusCode).toBe(200);
  });

  it('should count an IPv6 client by its /64 network, and a mapped IPv4 as that IPv4', async () => {
    const editor = await staffClient(t.app, 'editor');
    const policy = await createPolicy(editor, { allowIpv6WithoutBinding: true });
    const fromIp = (remoteAddress: string) =>
      requestToken(t.app, { policy: policy.id, remoteAddress });
    // One network, a new address per request: a client given a /64 has 2^64 of them.
    for (const host of [':1', ':2', 'ab:cd:ef:1']) {
      expect((await fromIp(`2001:db8:7:7:${host}`)).statusCode).toBe(200);
    }
    const limited = await fromIp('2001:db8:7:7:ffff:ffff:ffff:ffff');
    expect(limited.statusCode).toBe(429);
    // The next /64 is someone else.
    expect((await fromIp('2001:db8:7:8::1')).statusCode).toBe(200);

    // Another policy: this file's per-policy limit is 5.
    const v4 = await createPolicy(editor);
    const fromV4 = (remoteAddress: string) => requestToken(t.app, { policy: v4.id, remoteAddress });
    for (let i = 0; i < 3; i += 1) expect((await fromV4('198.51.100.30')).statusCode).toBe(200);
    expect((await fromV4('::ffff:198.51.100.30')).statusCode).toBe(429);
  });

  it('should refuse an address over its limit without asking the database about its requests', async () => {
    const editor = await staffClient(t.app, 'editor');
    const policy = await createPolicy(editor);
    const ip = '198.51.100.44';
    for (let i = 0; i < 3; i += 1) {
      expect((await requestToken(t.app, { policy: policy.id, remoteAddress: ip })).statusCode).toBe(
        200,
      );
    }
    const { policies } = t.app.repos;
    const byId = vi.spyOn(policies, 'byId');
    const byGroup = vi.spyOn(policies, 'byGroup');
    const anyEnabledAllows = vi.spyOn(policies, 'anyEnabledAllows');
    try {
      // Unknown policies, groups and sites: each a database query before the 429, until now.
      for (let i = 0; i < 30; i += 1) {
        const flood = await requestToken(t.app, {
          body: i % 2 ? { policy: `unknown-${i}` } : { groupid: `unknown-${i}` },
          origin: `https://flood-${i}.example`,
          remoteAddress: ip,
        });
        expect(flood.statusCode).toBe(429);
        expect(flood.headers['access-control-allow-origin']).toBeUndefined();
      }
      expect(byId).not.toHaveBeenCalled();
      expect(byGroup).not.toHaveBeenCalled();
      expect(anyEnabledAllows).not.toHaveBeenCalled();
      // The site the policy lists may still read its 429 (and when to try again).
      const limited = await requestToken(t.app, { policy: policy.id, remoteAddress: ip });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['access-control-allow-origin']).toBe(`https://${SHOP}`);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('should answer unknown policies from many addresses without a database query each', async () => {
    const { policies } = t.app.repos;
    const byId = vi.spyOn(policies, 'byId');
    const byGroup = vi.spyOn(policies, 'byGroup');
    const anyEnabledAllows = vi.spyOn(policies, 'anyEnabledAllows');
    try {
      for (let i = 0; i < 30; i += 1) {
        const unknown = await requestToken(t.app, {
          body: i % 2 ? { policy: `unknown-${i}` } : { groupid: `unknown-${i}` },
          origin: `https://flood-${i}.example`,
          remoteAddress: `192.0.2.${i + 1}`,
        });
        expect(unknown.statusCode).toBe(404);
      }
      expect(byId).not.toHaveBeenCalled();
      expect(byGroup).not.toHaveBeenCalled();
      expect(anyEnabledAllows).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('should limit requests per policy across viewers, leaving other policies alone', async () => {
    const editor = await staffClient(t.app, 'editor');
    const busy = await createPolicy(editor);
    const quiet = await createPolicy(editor);
    for (let i = 0; i < 5; i += 1) {
      const response = await requestToken(t.app, {
        policy: busy.id,
        remoteAddress: `203.0.113.${10 + i}`,
      });
      expect(response.statusCode).toBe(200);
    }
    const limited = await requestToken(t.app, { policy: busy.id, remoteAddress: '203.0.113.99' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      code: 'rate-limited',
      message: expect.stringMatching(/^This stream is asked for too many playback tokens/),
    });
    const other = await requestToken(t.app, { policy: quiet.id, remoteAddress: '203.0.113.99' });
    expect(other.statusCode).toBe(200);
  });
});

describe('a policy’s budget under refused requests', () => {
  let budget: TestApp;

  beforeAll(async () => {
    budget = await createTestApp({
      upstreamUrl: emulator.url,
      env: { PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '10' },
    });
  });
  afterAll(() => budget.close());

  it('should not let requests from a disallowed origin spend the allowed site’s budget', async () => {
    const policy = await createPolicy(await staffClient(budget.app, 'editor'));
    for (let i = 0; i < 10; i += 1) {
      const refused = await requestToken(budget.app, {
        policy: policy.id,
        origin: 'https://evil.example.net',
        remoteAddress: '198.51.100.66',
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('origin-not-allowed');
    }
    // The whole budget is still there for the allowed site, and then it is spent.
    for (let i = 0; i < 10; i += 1) {
      const allowed = await requestToken(budget.app, {
        policy: policy.id,
        remoteAddress: `203.0.113.${20 + i}`,
      });
      expect(allowed.statusCode).toBe(200);
    }
    const spent = await requestToken(budget.app, {
      policy: policy.id,
      remoteAddress: '203.0.113.40',
    });
    expect(spent.statusCode).toBe(429);
  });

  it('should count refused requests against their IP address', async () => {
    const perIp = await createTestApp({
      upstreamUrl: emulator.url,
      env: { PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '3' },
    });
    try {
      const policy = await createPolicy(await staffClient(perIp.app, 'editor'));
      const fromEvil = () =>
        requestToken(perIp.app, {
          policy: policy.id,
          origin: 'https://evil.example.net',
          remoteAddress: '198.51.100.67',
        });
      for (let i = 0; i < 3; i += 1) expect((await fromEvil()).statusCode).toBe(403);
      expect((await fromEvil()).statusCode).toBe(429);
    } finally {
      await perIp.close();
    }
  });
});
