import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseDown, isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { Client, signInSeededAdmin } from '../helpers/client.ts';
import { onPostgres } from '../helpers/database.ts';

/**
 * Every pooled connection busy for the pool's wait bound (a load spike): the database answers,
 * it is only busy. A statement that found no free connection fails, but the app must not take
 * the database for down (the circuit breaker would answer viewers from memory, with limits
 * per replica, until its next probe).
 */

/** The pool's size (connect.ts). */
const POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 500;

let t: TestApp;

beforeAll(async () => {
  if (!onPostgres) return;
  t = await createTestApp({
    env: { DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) },
  });
});
afterAll(async () => {
  await t?.close();
});

describe.skipIf(!onPostgres)('every pooled connection busy', () => {
  it('should fail the statement that waited for a connection without opening the breaker', async () => {
    const { app } = t;
    const admin = await signInSeededAdmin(new Client(app));
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const holding = Array.from({ length: POOL_SIZE }, () =>
      app.db.connection().execute(async () => {
        held += 1;
        await released;
      }),
    );
    try {
      while (held < POOL_SIZE) await new Promise((resolve) => setTimeout(resolve, 10));
      // The viewers' policy copy is read through the breaker: no connection within the bound.
      const started = Date.now();
      const error = await app.repos.policies.cachedById('no-such-policy').catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
      // The database answers: it is not known down…
      expect(app.databaseOutage.down).toBe(false);
      // …and the statement that waited says which bound.
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect((error as Error).message).toMatch(/DATABASE_CONNECT_TIMEOUT_MS/);
      // A request that found no free connection is told the dashboard is busy, not that its
      // database is down.
      const answer = await admin.get('/api/session');
      expect(answer.statusCode).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.json()).toEqual({
        code: 'database-busy',
        message: 'The dashboard is busy with other requests. Try again in a moment.',
      });
      expect(app.databaseOutage.down).toBe(false);
    } finally {
      release();
      await Promise.all(holding);
    }
    expect(await app.repos.policies.cachedById('no-such-policy')).toBeUndefined();
  });
  it('should take the database for down when every connection waited the whole bound for an answer', async () => {
    const { app } = t;
    const admin = await signInSeededAdmin(new Client(app));
    // Every connection sends a statement that gets no answer for longer than a request waits
    // for a free connection: from here, a database that went silent.
    const silentMs = CONNECT_TIMEOUT_MS * 4;
    const waiting = Array.from({ length: POOL_SIZE }, () =>
      sql`select pg_sleep(${silentMs / 1000})`.execute(app.db),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const error = await app.repos.policies.cachedById('no-such-policy').catch((e: unknown) => e);
      // No statement was answered while it waited: not load, a database that does not answer.
      expect(isDatabaseDown(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/^The database did not answer within/);
      expect(app.databaseOutage.down).toBe(true);
      const answer = await admin.get('/api/session');
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toMatchObject({ code: 'database-unavailable' });
    } finally {
      await Promise.all(waiting);
    }
    // Answering again ends the outage: the breaker's next probe finds it.
    await expect
      .poll(() => app.repos.policies.cachedById('no-such-policy').then(() => 'answered', String), {
        timeout: 5_000,
      })
      .toBe('answered');
    expect(app.databaseOutage.down).toBe(false);
  });
});
