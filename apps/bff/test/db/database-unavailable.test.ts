import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { PolicyRow } from '../../src/db/repositories/policy-record.ts';
import { PolicyCache } from '../../src/db/repositories/policy-cache.ts';
import type { RateLimitWindowsRepository } from '../../src/db/repositories/rate-limit-windows.ts';
import {
  DatabaseOutage,
  NO_FREE_CONNECTION_MESSAGE,
  isDatabaseDown,
  isDatabaseUnavailable,
} from '../../src/db/unavailable.ts';
import { LOG_WINDOW_MS } from '../../src/lib/log-windows.ts';
import { DATABASE_UNAVAILABLE_SUMMARY, errorHandler } from '../../src/plugins/error-handler.ts';
import { LOCAL_COUNTS_SUMMARY, rateLimitLog } from '../../src/plugins/rate-limit.ts';
import { sharedRateLimitStore } from '../../src/services/shared-rate-limit-store.ts';

/** What pg reports while the server restarts or fails over. */
const shutdown = () =>
  Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  });
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

type LogLine = { level: number; msg: string } & Record<string, unknown>;
/** A logger whose lines land in `lines`. */
const capture = (lines: LogLine[]) => ({
  level: 'info',
  stream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
});

/** One request counted as @fastify/rate-limit counts it: key, callback, window, limit. */
function incr(store: FastifyRateLimitStore, key: string, max: number) {
  const call = store.incr.bind(store) as (
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    timeWindow: number,
    max: number,
  ) => void;
  return new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    call(key, (error, result) => (error || !result ? reject(error) : resolve(result)), 60_000, max),
  );
}

describe('a database that does not answer', () => {
  it('should be told from a statement the database refused', () => {
    expect(isDatabaseUnavailable(shutdown())).toBe(true);
    expect(isDatabaseUnavailable(refused())).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: refused() }))).toBe(true);
    const unique = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });

  it('should not take a wait for a free pooled connection for the database being down', () => {
    const busy = new Error(
      `${NO_FREE_CONNECTION_MESSAGE} 5000 ms (DATABASE_CONNECT_TIMEOUT_MS): all 10 of this process's connections were in use`,
      { cause: new Error('timeout exceeded when trying to connect') },
    );
    // The request is still answered 503, but the breaker stays closed.
    expect(isDatabaseUnavailable(busy)).toBe(true);
    expect(isDatabaseDown(busy)).toBe(false);
    expect(isDatabaseDown(refused())).toBe(true);
    const clock = { now: 0 };
    const outage = new DatabaseOutage(() => clock.now);
    outage.failed(busy);
    expect(outage.down).toBe(false);
    // Down, a probe that found no free connection keeps it down and lets the next go later.
    outage.failed(refused());
    clock.now += 1_000;
    expect(outage.probe()).toBe(true);
    outage.failed(busy, true);
    expect(outage.down).toBe(true);
    expect(outage.probe()).toBe(false);
    clock.now += 1_000;
    expect(outage.probe()).toBe(true);
  });

  it('should answer 503 database-unavailable with Retry-After, not a 500', async () => {
    const app = Fastify();
    await app.register(errorHandler);
    app.get('/down', async () => {
      throw shutdown();
    });
    app.get('/bug', async () => {
      throw new Error('boom');
    });
    const down = await app.inject({ method: 'GET', url: '/down' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('2');
    expect(down.json()).toEqual({
      code: 'database-unavailable',
      message: expect.stringMatching(/database is not answering.*Try again in 2 s/),
    });
    expect((await app.inject({ method: 'GET', url: '/bug' })).statusCode).toBe(500);
    await app.close();
  });

  it('should answer 503 database-busy when no pooled connection was free, not database-unavailable', async () => {
    const app = Fastify();
    await app.register(errorHandler);
    app.get('/busy', async () => {
      throw new Error(
        `${NO_FREE_CONNECTION_MESSAGE} 5000 ms (DATABASE_CONNECT_TIMEOUT_MS): all 10 of this process's connections were in use`,
        { cause: new Error('timeout exceeded when trying to connect') },
      );
    });
    const busy = await app.inject({ method: 'GET', url: '/busy' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toEqual({
      code: 'database-busy',
      message: 'The dashboard is busy with other requests. Try again in a moment.',
    });
    await app.close();
  });

  it('should log the first 503 of 10 s in full and say the others as counts by route', async () => {
    const lines: LogLine[] = [];
    const app = Fastify({ logger: capture(lines) });
    let now = 0;
    app.decorate('now', () => now);
    await app.register(errorHandler);
    app.get('/down', async () => {
      throw shutdown();
    });
    app.post('/down', async () => {
      throw refused();
    });
    const first = (line: LogLine) => line.msg.startsWith('the database is not answering');
    for (let i = 0; i < 3; i += 1) await app.inject({ method: 'GET', url: '/down' });
    for (let i = 0; i < 2; i += 1) await app.inject({ method: 'POST', url: '/down' });
    expect(lines.filter(first)).toHaveLength(1);
    expect(lines.filter((line) => line.msg === DATABASE_UNAVAILABLE_SUMMARY)).toEqual([]);

    now += LOG_WINDOW_MS;
    expect((await app.inject({ method: 'GET', url: '/down' })).statusCode).toBe(503);
    expect(lines.filter((line) => line.msg === DATABASE_UNAVAILABLE_SUMMARY)).toEqual([
      expect.objectContaining({ level: 40, counts: { 'GET /down': 2, 'POST /down': 2 } }),
    ]);
    // The first of the new 10 s is logged in full again.
    expect(lines.filter(first)).toHaveLength(2);
    await app.close();
  });

  it('should log counting rate limits on this replica alone once in 10 s, then its count', async () => {
    const lines: LogLine[] = [];
    let now = 0;
    const { onFallback } = rateLimitLog(Fastify({ logger: capture(lines) }).log, () => now, 20_000);
    for (let i = 0; i < 5; i += 1) onFallback(refused());
    expect(lines.map((line) => line.msg)).toEqual([
      'rate limits are counted on this replica alone while the database does not answer',
    ]);
    now += LOG_WINDOW_MS;
    onFallback(refused());
    expect(lines.find((line) => line.msg === LOCAL_COUNTS_SUMMARY)).toMatchObject({
      level: 40,
      counts: { requests: 4 },
    });
    expect(lines).toHaveLength(3);
  });

  it('should count rate limits on this replica alone meanwhile, and still refuse over the limit', async () => {
    const windows = {
      hit: () => Promise.reject(refused()),
    } as unknown as RateLimitWindowsRepository;
    const fallbacks: unknown[] = [];
    const store = new (sharedRateLimitStore(windows, (error) => fallbacks.push(error)))({});
    const counts = [];
    for (let i = 0; i < 3; i += 1) counts.push(await incr(store, '198.51.100.7', 2));
    expect(counts.map((c) => c.current)).toEqual([1, 2, 3]);
    expect(fallbacks).toHaveLength(3);
    // Over the limit: refused from memory for the rest of the window.
    expect(counts[2]?.ttl).toBeGreaterThan(59_000);
    expect((await incr(store, '198.51.100.7', 2)).current).toBe(3);
    expect(fallbacks).toHaveLength(3);
  });

  it('should pass on an error that is not the database going away', async () => {
    const windows = {
      hit: () => Promise.reject(Object.assign(new Error('syntax'), { code: '42601' })),
    } as unknown as RateLimitWindowsRepository;
    const store = new (sharedRateLimitStore(windows))({});
    await expect(incr(store, 'k', 2)).rejects.toThrow('syntax');
  });

  it('should keep serving viewers the policies it read before, and read them again later', async () => {
    const policy = { id: 'p1', group_id: null, enabled: 0, updated_at: 1 } as unknown as PolicyRow;
    let now = 0;
    let down = false;
    let loads = 0;
    const cache = new PolicyCache(
      async () => {
        loads += 1;
        if (down) throw refused();
        return [policy];
      },
      () => now,
      1000,
      undefined,
      new DatabaseOutage(() => now),
    );
    expect(await cache.byId('p1')).toBe(policy);
    down = true;
    now = 1500;
    expect(await cache.byId('p1')).toBe(policy);
    // Not read again on every request meanwhile: once per period.
    now = 2000;
    expect(await cache.byId('p1')).toBe(policy);
    expect(loads).toBe(2);
    now = 2600;
    down = false;
    expect(await cache.byId('p1')).toBe(policy);
    expect(loads).toBe(3);
  });

  it('should answer from the copy at once while the database is known down, reading it again once a second without waiting', async () => {
    const policy = {
      id: 'p1',
      group_id: null,
      enabled: 1,
      updated_at: 1,
      allowed_origins: '[]',
    } as unknown as PolicyRow;
    let now = 0;
    const reads: { answer: (rows: PolicyRow[]) => void; fail: (error: unknown) => void }[] = [];
    const outage = new DatabaseOutage(() => now);
    const cache = new PolicyCache(
      () => new Promise((answer, fail) => reads.push({ answer, fail })),
      () => now,
      1000,
      undefined,
      outage,
    );
    const first = cache.byId('p1');
    reads[0]!.answer([policy]);
    expect(await first).toBe(policy);
    // Another statement finds the database gone (a rate-limit count, say).
    now = 1500;
    outage.failed(refused());
    // Neither read waited for: the old copy answers, and a policy it lacks is the database's error.
    expect(await cache.byId('p1')).toBe(policy);
    await expect(cache.byId('p2')).rejects.toThrow('ECONNREFUSED');
    expect(reads).toHaveLength(1);
    // A second after the failure, one read of the table; its viewers do not wait for it.
    now = 2500;
    expect(await cache.byId('p1')).toBe(policy);
    expect(await cache.byId('p1')).toBe(policy);
    expect(reads).toHaveLength(2);
    reads[1]!.answer([policy, { ...policy, id: 'p2' }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outage.down).toBe(false);
    expect((await cache.byId('p2'))?.id).toBe('p2');
  });

  it('should not keep the copy when the read failed for another reason', async () => {
    let now = 0;
    let fail = false;
    const cache = new PolicyCache(
      async () => {
        if (fail) throw new Error('boom');
        return [];
      },
      () => now,
      1000,
    );
    await cache.byId('p1');
    fail = true;
    now = 1500;
    await expect(cache.byId('p1')).rejects.toThrow('boom');
  });
});
