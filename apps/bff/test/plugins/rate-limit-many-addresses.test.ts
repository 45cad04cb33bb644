import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { describe, expect, it, vi } from 'vitest';
import { LOG_WINDOW_MS } from '../../src/lib/log-windows.ts';
import { FORGOTTEN_SUMMARY } from '../../src/plugins/rate-limit.ts';
import { localRateLimitStore } from '../../src/services/local-rate-limit-store.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { onPostgres } from '../helpers/database.ts';
import { useTestUpstream } from '../helpers/fixture.ts';
import { requestToken } from '../helpers/policies.ts';

const { emulator } = useTestUpstream();

/** A viewer token for a policy that does not exist: counted against its address, then 404. */
const ask = (t: TestApp, remoteAddress: string) =>
  requestToken(t.app, { policy: 'no-such-policy', remoteAddress, settle: false });

/** One request from each of `count` /64s of 2001:db8::/32. */
async function fromManyAddresses(t: TestApp, count: number) {
  for (let n = 0; n < count; n += 1) {
    await ask(t, `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`);
  }
}

// With PostgreSQL the counts are rows in the database, without such a bound.
describe.skipIf(onPostgres)('in-process rate limits under many addresses', () => {
  it('should keep counting an address while 6,000 others are counted in the same minute', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '2' },
    });
    try {
      expect((await ask(t, '203.0.113.7')).statusCode).toBe(404);
      expect((await ask(t, '203.0.113.7')).statusCode).toBe(404);
      expect((await ask(t, '203.0.113.7')).statusCode).toBe(429);
      await fromManyAddresses(t, 6000);
      expect((await ask(t, '203.0.113.7')).statusCode).toBe(429);
      expect(t.logs.filter((line) => String(line.msg).includes('RATE_LIMIT_KEYS'))).toEqual([]);
    } finally {
      await t.close();
    }
  }, 20_000);

  it('should forget the counts whose minute ends first beyond RATE_LIMIT_KEYS, and say so once in 10 s', async () => {
    const t = await createTestApp({
      upstreamUrl: emulator.url,
      env: { PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '2', RATE_LIMIT_KEYS: '1000' },
    });
    try {
      await ask(t, '203.0.113.7');
      await ask(t, '203.0.113.7');
      expect((await ask(t, '203.0.113.7')).statusCode).toBe(429);
      await fromManyAddresses(t, 1200);
      // Its count was the oldest: gone, so the limit starts again for it.
      expect((await ask(t, '203.0.113.7')).statusCode).toBe(404);
      const warnings = t.logs.filter((line) => String(line.msg).includes('RATE_LIMIT_KEYS'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        level: 40,
        keys: 1000,
        forgotten: { 'viewer-ip': 1 },
        msg: 'a rate limit holds more addresses than RATE_LIMIT_KEYS: the counts whose window ends first are forgotten',
      });
      // The others of those 10 s are one line of counts per limit once the 10 s are over.
      expect(t.logs.filter((line) => line.msg === FORGOTTEN_SUMMARY)).toEqual([]);
      t.clock.advance(LOG_WINDOW_MS);
      await ask(t, '203.0.113.8');
      expect(t.logs.filter((line) => line.msg === FORGOTTEN_SUMMARY)).toEqual([
        expect.objectContaining({ level: 40, keys: 1000, counts: { 'viewer-ip': 201 } }),
      ]);
    } finally {
      await t.close();
    }
  }, 20_000);
});

describe('the in-process rate-limit store', () => {
  /** What the plugin calls (its typings leave out the window and the maximum). */
  type Incr = (
    key: string,
    callback: Parameters<FastifyRateLimitStore['incr']>[1],
    timeWindow: number,
    max: number,
  ) => void;
  const count = (store: { incr: Incr }, key: string) =>
    new Promise<number>((resolve, reject) =>
      store.incr(
        key,
        (error, result) => (error ? reject(error) : resolve(result!.current)),
        60_000,
        10,
      ),
    );

  it('should make room from windows that ended before forgetting any that have not', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] });
    try {
      const forgotten: string[] = [];
      const Store = localRateLimitStore(1000, (limit) => forgotten.push(limit));
      const store = new Store({}) as unknown as { incr: Incr };
      for (let n = 0; n < 1000; n += 1) await count(store, `10.0.${n >> 8}.${n & 255}`);
      expect(await count(store, '10.0.0.0')).toBe(2);
      vi.setSystemTime(60_000);
      // A new minute: every window ended, so 1,000 new keys push nothing out.
      for (let n = 0; n < 1000; n += 1) await count(store, `10.1.${n >> 8}.${n & 255}`);
      expect(await count(store, '10.0.0.0')).toBe(1);
      expect(forgotten).toEqual(['a limit of no route']);
    } finally {
      vi.useRealTimers();
    }
  });
});
