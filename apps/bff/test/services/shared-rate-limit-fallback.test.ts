import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { RateLimitWindowsRepository } from '../../src/db/repositories/rate-limit-windows.ts';
import { sharedRateLimitStore } from '../../src/services/shared-rate-limit-store.ts';

type Incr = (
  key: string,
  callback: (error: Error | null, result?: { current: number }) => void,
  timeWindow: number,
  max: number,
) => void;

/** The shared store with a database that does not answer: every count is made in memory. */
function storeWithoutDatabase() {
  const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });
  const windows = { hit: () => Promise.reject(down) } as unknown as RateLimitWindowsRepository;
  const Store = sharedRateLimitStore(windows);
  const store = new Store({}) as unknown as { incr: Incr };
  return (key: string) =>
    new Promise<number>((resolve, reject) =>
      store.incr(
        key,
        (error, result) => (error ? reject(error) : resolve(result!.current)),
        60_000,
        20,
      ),
    );
}

const key = (n: number) => `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::/64`;

describe('the shared rate-limit store while the database does not answer', () => {
  it('should cost as little per request with 10,000 addresses counted as with fewer', async () => {
    const count = storeWithoutDatabase();
    const perRequest = async (from: number, to: number) => {
      const start = performance.now();
      for (let n = from; n < to; n += 1) await count(key(n));
      return (performance.now() - start) / (to - from);
    };
    const below = await perRequest(0, 10_000);
    const beyond = await perRequest(10_000, 20_000);
    // Each new address beyond the bound used to scan all 10,000 (16-32 times as long).
    expect(beyond / below).toBeLessThan(5);
    // The newest counts are kept.
    expect(await count(key(19_999))).toBe(2);
  });
});
