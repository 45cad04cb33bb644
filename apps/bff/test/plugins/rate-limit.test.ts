import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import type { Client } from '../helpers/client.ts';
import { staffClient } from '../helpers/client.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { startTestEmulator, type TestEmulator } from '../helpers/upstream.ts';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const signIn = (t: TestApp, email: string, password: string, ip = '127.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    remoteAddress: ip,
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
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another address is not affected.
      expect((await signIn(t, ADMIN.email, ADMIN.password, '10.0.0.2')).statusCode).toBe(200);
      t.clock.advance(0);
    } finally {
      await t.close();
    }
  });

  it('should lock an account after 5 failures in 15 minutes, even from many IPs and with the right password', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { SIGN_IN_FAILURES_PER_ACCOUNT: '5' },
    });
    try {
      await staffClient(t.app, 'editor', 'target@example.com');
      await staffClient(t.app, 'editor', 'bystander@example.com');
      t.clock.advance(1000);
      for (let i = 0; i < 5; i += 1) {
        expect((await signIn(t, 'target@example.com', 'guess', `10.1.0.${i}`)).statusCode).toBe(
          401,
        );
      }
      const locked = await signIn(t, 'target@example.com', PASSWORD, '10.1.1.1');
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      expect((await signIn(t, 'bystander@example.com', PASSWORD, '10.1.1.1')).statusCode).toBe(200);
      // The window passes: the account opens again.
      t.clock.advance(15 * 60_000 + 1000);
      expect((await signIn(t, 'target@example.com', PASSWORD, '10.1.1.1')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('should count failures only since the last successful sign-in', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { SIGN_IN_FAILURES_PER_ACCOUNT: '3' },
    });
    try {
      for (let i = 0; i < 2; i += 1) await signIn(t, ADMIN.email, 'guess');
      t.clock.advance(1000);
      expect((await signIn(t, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
      t.clock.advance(1000);
      for (let i = 0; i < 2; i += 1) await signIn(t, ADMIN.email, 'guess');
      expect((await signIn(t, ADMIN.email, ADMIN.password)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
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
      expect(
        (await t.app.repos.ledger.list({ page: 1, pageSize: 10, sort: 'createdAt', order: 'desc' }))
          .total,
      ).toBe(4);
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
