import type { LightMyRequestResponse } from 'fastify';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../../helpers/app.ts';
import { useTestApp } from '../../helpers/fixture.ts';
import { createPolicy, requestToken } from '../../helpers/policies.ts';

// argon2 at its real cost (19 MiB, 2 passes); two checks at once, the default for libuv's
// pool of 4 threads.
const { t, clients } = useTestApp({
  passwordHashCost: 'production',
  env: { PASSWORD_CHECKS_AT_ONCE: '2' },
  clients: { admin: 'seeded-admin' },
});

const BURST = 300;

/** A wrong password for an email with no account, each from a /64 of its own. */
const guess = (n: number) =>
  t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email: `nobody${n}@example.com`, password: 'guess guess guess' },
    remoteAddress: `2001:db8:1:${n.toString(16)}::1`,
  });

const timed = async (request: () => Promise<LightMyRequestResponse>) => {
  const start = performance.now();
  const response = await request();
  return { response, ms: performance.now() - start };
};

describe('password checks under sign-ins from many addresses at once', () => {
  it('should check a few at a time, refuse the rest at once with 503 and Retry-After, and keep the owner’s browser and viewers served', async () => {
    const policy = await createPolicy(clients.admin);
    // The owner's browser: it signed in here before, so it holds the account's device cookie.
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: ADMIN,
    });
    const device = first.cookies.find((cookie) => cookie.name === 'ptd_device');
    expect(device).toBeDefined();

    const burst = Array.from({ length: BURST }, (_, n) => guess(n));
    const [owner, viewer] = await Promise.all([
      timed(() =>
        t.app.inject({
          method: 'POST',
          url: '/api/session',
          payload: ADMIN,
          cookies: { ptd_device: device!.value },
        }),
      ),
      timed(() => requestToken(t.app, { policy: policy.id, remoteAddress: '198.51.100.9' })),
    ]);
    const answers = await Promise.all(burst);

    const busy = answers.filter((answer) => answer.statusCode === 503);
    const checked = answers.filter((answer) => answer.statusCode === 401);
    // Two at once and four times as many waiting: the rest are refused.
    expect(checked.length).toBeLessThanOrEqual(2 * 5);
    expect(busy.length).toBe(BURST - checked.length);
    expect(busy[0]!.headers['retry-after']).toBe('1');
    expect(busy[0]!.json()).toEqual({
      code: 'password-checks-busy',
      message: 'Too many passwords are being checked right now. Try again in a second.',
    });
    // The owner's browser waits ahead of strangers; viewers never wait for argon2.
    expect(owner.response.statusCode).toBe(200);
    expect(viewer.response.statusCode).toBe(200);
    // (0.2-0.7 s measured; 3.6-8 s for the viewer when all 300 were checked.)
    expect(owner.ms).toBeLessThan(2500);
    expect(viewer.ms).toBeLessThan(2500);
    // Refused ones were not counted: the same addresses are checked once the burst is over.
    expect((await guess(BURST - 1)).statusCode).toBe(401);
  }, 20_000);
});
