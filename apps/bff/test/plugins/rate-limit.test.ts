import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, PASSWORD, type TestApp, type TestClock } from '../helpers/app.ts';
import type { Client } from '../helpers/client.ts';
import { staffClient } from '../helpers/client.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

const { emulator } = useTestUpstream();

const signIn = (t: TestApp, email: string, password: string, ip = '127.0.0.1', cookie?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    remoteAddress: ip,
    headers: cookie ? { cookie } : {},
  });

describe('sign-in rate limits', () => {
  it('should allow 10 sign-in attempts per minute per IP, then answer 429 with Retry-After', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { SIGN_IN_RATE_PER_MINUTE: '10' },
    });
    try {
      for (let i = 0; i < 10; i += 1) {
        expect(
          (await signIn(t, `user${i}@example.com`, 'wrong password', '10.0.0.1')).statusCode,
        ).toBe(401);
      }
      const limited = await signIn(t, ADMIN.email, ADMIN.password, '10.0.0.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'rate-limited' });
      const wait = Number(limited.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      // The message says how long, as Retry-After does.
      expect(limited.json().message).toBe(`Too many requests. Try again in ${wait} s.`);
      // Another address is not affected.
      expect((await signIn(t, ADMIN.email, ADMIN.password, '10.0.0.2')).statusCode).toBe(200);
      t.clock.advance(0);
    } finally {
      await t.close();
    }
  });

  it('should count an IPv6 client by its /64 network, whichever address of it each attempt uses', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { SIGN_IN_RATE_PER_MINUTE: '3' },
    });
    try {
      for (let i = 1; i <= 3; i += 1) {
        const ip = `2001:db8:5:5:${i}::${i}`;
        expect((await signIn(t, `user${i}@example.com`, 'wrong password', ip)).statusCode).toBe(
          401,
        );
      }
      expect((await signIn(t, ADMIN.email, ADMIN.password, '2001:db8:5:5::9')).statusCode).toBe(
        429,
      );
      expect((await signIn(t, ADMIN.email, ADMIN.password, '2001:db8:5:6::9')).statusCode).toBe(
        200,
      );
    } finally {
      await t.close();
    }
  });
});

/** The production defaults of the sign-in throttle (the test helper raises them). */
const THROTTLE = {
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS: '5',
  SIGN_IN_FREE_FAILURES_PER_ADDRESS: '20',
  SIGN_IN_FREE_FAILURES_PER_ACCOUNT: '10',
  SIGN_IN_MAX_WAIT_MINUTES: '15',
};

const OWNER_ADDRESS = '192.0.2.10';

/** The browser's device cookie from a sign-in answer, as a Cookie header. */
function deviceCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name.endsWith('ptd_device'));
  if (!cookie) throw new Error('no device cookie');
  return `${cookie.name}=${encodeURIComponent(cookie.value)}`;
}

const retryAfter = (response: LightMyRequestResponse) => Number(response.headers['retry-after']);

/** Simulated time only: waits of a second must not run out while a slow machine works. */
function frozenClock(): TestClock {
  let now = Date.now();
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

describe('sign-in throttling', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ upstreamUrl: emulator.url, env: THROTTLE, clock: frozenClock() });
  });
  afterEach(() => t.close());

  it("should not let a stranger's 50 wrong passwords from other addresses stop the owner signing in from their device", async () => {
    const owner = await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS);
    expect(owner.statusCode).toBe(200);
    const device = deviceCookie(owner);
    t.clock.advance(60_000);
    const statuses = [];
    for (let i = 0; i < 50; i += 1) {
      statuses.push((await signIn(t, ADMIN.email, `guess ${i}`, `198.51.100.${i + 1}`)).statusCode);
    }
    // 10 free failures for the account from clients without its device cookie, then one
    // that starts a wait: the rest were not even checked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(11);
    expect(statuses.filter((s) => s === 429)).toHaveLength(39);
    const again = await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS, device);
    expect(again.statusCode).toBe(200);
  });

  it('should not let one address hammering an account stop the owner elsewhere, even on a new device', async () => {
    for (let i = 0; i < 50; i += 1) await signIn(t, ADMIN.email, `guess ${i}`, '198.51.100.7');
    expect((await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS)).statusCode).toBe(200);
    // The hammering address itself waits, and its attempts are not even checked.
    const hammer = await signIn(t, ADMIN.email, ADMIN.password, '198.51.100.7');
    expect(hammer.statusCode).toBe(429);
    expect(hammer.json()).toMatchObject({ code: 'rate-limited' });
  });

  it('should give one address growing waits after 5 free failures and check no password meanwhile', async () => {
    const address = '203.0.113.5';
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(t, ADMIN.email, 'guess', address)).statusCode).toBe(401);
    }
    const waits = [];
    for (let round = 0; round < 6; round += 1) {
      expect((await signIn(t, ADMIN.email, 'guess', address)).statusCode).toBe(401);
      const waiting = await signIn(t, ADMIN.email, ADMIN.password, address);
      expect(waiting.statusCode).toBe(429);
      waits.push(retryAfter(waiting));
      // Attempts during the wait do not count: the next wait only doubles.
      for (let i = 0; i < 3; i += 1) await signIn(t, ADMIN.email, 'guess', address);
      t.clock.advance(retryAfter(waiting) * 1000);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32]);
    const throttled = await t.app.repos.audit.list({
      page: 1,
      pageSize: 1,
      action: 'session.sign-in-failed',
    });
    expect(throttled.items[0]?.details).toMatchObject({
      email: ADMIN.email,
      reason: 'throttled',
    });
  });

  it('should cap the wait at SIGN_IN_MAX_WAIT_MINUTES', async () => {
    const capped = await createTestApp({
      upstreamUrl: emulator.url,
      env: { ...THROTTLE, SIGN_IN_MAX_WAIT_MINUTES: '1' },
      clock: frozenClock(),
    });
    try {
      let last = 0;
      for (let i = 0; i < 14; i += 1) {
        await signIn(capped, ADMIN.email, 'guess', '203.0.113.6');
        const waiting = await signIn(capped, ADMIN.email, 'guess', '203.0.113.6');
        last = waiting.statusCode === 429 ? retryAfter(waiting) : 0;
        capped.clock.advance(last * 1000);
      }
      expect(last).toBe(60);
    } finally {
      await capped.close();
    }
  });

  it("should start an address's count for the account afresh after the correct password", async () => {
    const address = '203.0.113.8';
    for (let i = 0; i < 6; i += 1) await signIn(t, ADMIN.email, 'guess', address);
    t.clock.advance(1000);
    expect((await signIn(t, ADMIN.email, ADMIN.password, address)).statusCode).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(t, ADMIN.email, 'guess', address)).statusCode).toBe(401);
    }
    expect((await signIn(t, ADMIN.email, ADMIN.password, address)).statusCode).toBe(200);
  });

  it('should slow down one address guessing across many accounts', async () => {
    const address = '203.0.113.9';
    for (let i = 0; i < 21; i += 1) {
      expect((await signIn(t, `user${i}@example.com`, 'guess', address)).statusCode).toBe(401);
    }
    const next = await signIn(t, 'user99@example.com', 'guess', address);
    expect(next.statusCode).toBe(429);
    expect(retryAfter(next)).toBe(1);
    // Another address is not affected.
    expect((await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS)).statusCode).toBe(200);
  });

  it('should slow down one IPv6 network guessing across many accounts from a new address each time', async () => {
    for (let i = 0; i < 21; i += 1) {
      const address = `2001:db8:9:9:${(i + 1).toString(16)}::1`;
      expect((await signIn(t, `user${i}@example.com`, 'guess', address)).statusCode).toBe(401);
    }
    const next = await signIn(t, 'user99@example.com', 'guess', '2001:db8:9:9:ffff::1');
    expect(next.statusCode).toBe(429);
    // The next /64 is another client.
    expect((await signIn(t, ADMIN.email, ADMIN.password, '2001:db8:9:a::1')).statusCode).toBe(200);
  });

  it('should slow down 100 addresses guessing one account, but never its known device', async () => {
    const device = deviceCookie(await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS));
    // 15 simulated minutes; each second the next of 100 addresses tries a password.
    let checked = 0;
    for (let second = 0; second < 900; second += 1) {
      const address = `198.51.${100 + Math.floor((second % 100) / 50)}.${(second % 50) + 1}`;
      const response = await signIn(t, ADMIN.email, `guess ${second}`, address);
      if (response.statusCode === 401) checked += 1;
      else expect(response.statusCode).toBe(429);
      t.clock.advance(1000);
    }
    // 10 free, then one each time a doubling wait (1 s, 2 s … 512 s) runs out: not 500 (5 each).
    expect(checked).toBe(20);
    expect((await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS, device)).statusCode).toBe(
      200,
    );
    // A new device of the owner's waits like everyone without the device cookie.
    expect((await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS)).statusCode).toBe(429);
  });

  it("should count failures with the owner's device cookie per device", async () => {
    const device = deviceCookie(await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS));
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(t, ADMIN.email, 'typo', OWNER_ADDRESS, device)).statusCode).toBe(401);
    }
    expect((await signIn(t, ADMIN.email, 'typo', OWNER_ADDRESS, device)).statusCode).toBe(401);
    const waiting = await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS, device);
    expect(waiting.statusCode).toBe(429);
    expect(retryAfter(waiting)).toBe(1);
    t.clock.advance(1000);
    expect((await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS, device)).statusCode).toBe(
      200,
    );
  });

  it.each([
    ['a new browser', false],
    ['a browser with the device cookie', true],
  ])(
    'should answer the right password after several waits, once waited as told, as right (%s)',
    async (_label, known) => {
      const address = known ? OWNER_ADDRESS : '203.0.113.20';
      const cookie = known
        ? deviceCookie(await signIn(t, ADMIN.email, ADMIN.password, address))
        : undefined;
      const attempt = (password: string) => signIn(t, ADMIN.email, password, address, cookie);
      const wrong = 'The email or password is wrong.';
      for (let round = 0; round < 3; round += 1) {
        // Wrong passwords until one is answered with a wait, then more sent during it.
        let waiting = await attempt('a wrong guess');
        while (waiting.statusCode === 401) {
          expect(waiting.json()).toMatchObject({ code: 'invalid-credentials', message: wrong });
          waiting = await attempt('a wrong guess');
        }
        for (let i = 0; i < 3; i += 1) {
          expect(waiting.statusCode).toBe(429);
          expect(waiting.json()).toMatchObject({ code: 'rate-limited' });
          expect(waiting.json<{ message: string }>().message).toMatch(
            new RegExp(
              `^Too many failed sign-ins\\. Try again in ${retryAfter(waiting)} seconds?\\.$`,
            ),
          );
          // The right password during a wait is not checked: a wait, never "wrong".
          waiting = await attempt(ADMIN.password);
        }
        t.clock.advance(retryAfter(waiting) * 1000);
      }
      // Waited as told: the right password signs in.
      expect((await attempt(ADMIN.password)).statusCode).toBe(200);
    },
  );

  it('should accept a device cookie only for its own account and only untampered', async () => {
    await staffClient(t.app, 'editor', 'other@example.com');
    const own = deviceCookie(await signIn(t, 'other@example.com', PASSWORD, OWNER_ADDRESS));
    const admins = deviceCookie(await signIn(t, ADMIN.email, ADMIN.password, OWNER_ADDRESS));
    for (let i = 0; i < 11; i += 1) {
      await signIn(t, 'other@example.com', 'guess', `198.51.100.${i + 1}`);
    }
    // Another device id under the same signature.
    const tampered = own.replace(/=(.)/, (_, c: string) => `=${c === 'A' ? 'B' : 'A'}`);
    const attempt = (cookie: string) =>
      signIn(t, 'other@example.com', PASSWORD, '192.0.2.99', cookie);
    expect((await attempt(admins)).statusCode).toBe(429);
    expect((await attempt(tampered)).statusCode).toBe(429);
    expect((await attempt(own)).statusCode).toBe(200);
  });
});

describe('token creation rate limit', () => {
  it('should limit token creation per staff member and answer 429 with Retry-After', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { TOKEN_CREATE_RATE_PER_MINUTE: '3' },
    });
    try {
      const editor = await staffClient(t.app, 'editor');
      const other = await staffClient(t.app, 'editor');
      for (let i = 0; i < 3; i += 1) {
        expect((await editor.post('/api/tokens', tokenRequest())).statusCode).toBe(201);
      }
      const limited = await editor.post('/api/tokens', tokenRequest());
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'rate-limited' });
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await other.post('/api/tokens', tokenRequest())).statusCode).toBe(201);
      expect((await t.app.repos.ledger.list({ sort: 'createdAt', order: 'desc' }, 10)).total).toBe(
        4,
      );
    } finally {
      await t.close();
    }
  });

  it("should not count a viewer's refused attempts against anyone", async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { TOKEN_CREATE_RATE_PER_MINUTE: '1' },
    });
    try {
      const viewer: Client = await staffClient(t.app, 'viewer');
      expect((await viewer.post('/api/tokens', tokenRequest())).statusCode).toBe(403);
      expect((await viewer.post('/api/tokens', tokenRequest())).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });
});
