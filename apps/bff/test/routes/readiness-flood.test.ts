import { afterEach, describe, expect, it, vi } from 'vitest';
import { READY_CHECK_REUSE_MS } from '../../src/routes/health.ts';
import type { TestClock } from '../helpers/app.ts';
import { useTestApp } from '../helpers/fixture.ts';

/** Time moves only when the test says so. */
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

const { t } = useTestApp({ clock: frozenClock() });

afterEach(() => vi.restoreAllMocks());

describe('GET /readyz asked by anyone, at any rate', () => {
  it('should ask the database and nanoStream Cloud once for probes that come together', async () => {
    const upstream = vi.spyOn(t.app.nanostream, 'ping');
    const database = vi.spyOn(t.app.repos.health, 'ping');
    t.clock.advance(READY_CHECK_REUSE_MS);
    // Each probe was two calls to nanoStream Cloud (the token service and bintu) and a query,
    // from a connection the viewers' token calls share: a flood of probes took them all.
    const together = await Promise.all(
      Array.from({ length: 50 }, () => t.app.inject({ method: 'GET', url: '/readyz' })),
    );
    expect(together.every((response) => response.statusCode === 200)).toBe(true);
    for (let i = 0; i < 50; i += 1) {
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    }
    expect(upstream).toHaveBeenCalledTimes(1);
    expect(database).toHaveBeenCalledTimes(1);

    // Checked again once READY_CHECK_REUSE_MS have passed since the last check ended.
    t.clock.advance(READY_CHECK_REUSE_MS);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(upstream).toHaveBeenCalledTimes(2);
  });
});
