import { describe, expect, it } from 'vitest';
import type { PolicyRow } from '../../src/db/repositories/policy-record.ts';
import { POLICY_MISS_RECHECK_MS, PolicyCache } from '../../src/db/repositories/policy-cache.ts';

const policy = (id: string, groupId: string | null = null) =>
  ({
    id,
    group_id: groupId,
    enabled: 1,
    allowed_origins: '["https://shop.example.com"]',
    updated_at: 1,
  }) as unknown as PolicyRow;

/** A cache over a table the test changes, with its own clock, counting the table's reads. */
function cacheOver(rows: PolicyRow[]) {
  const clock = { now: 0 };
  let loads = 0;
  const cache = new PolicyCache(
    async () => {
      loads += 1;
      return [...rows];
    },
    () => clock.now,
    1000,
  );
  return { cache, clock, loads: () => loads };
}

describe('the policy copy asked for policies it does not have', () => {
  it('should answer a burst of unknown ids, groups and sites with one read of the table', async () => {
    const { cache, clock, loads } = cacheOver([policy('p1', 'g1')]);
    expect(await cache.byId('p1')).toBeDefined();
    expect(loads()).toBe(1);
    for (let i = 0; i < 500; i += 1) {
      clock.now = i / 10; // 500 requests within 50 ms
      expect(await cache.byId(`unknown-${i}`)).toBeUndefined();
      expect(await cache.byGroup(`unknown-${i}`)).toEqual([]);
      expect(await cache.enabledAllows(`https://flood-${i}.example`)).toBe(false);
    }
    expect(loads()).toBe(1);
    // Later misses read the table again, at most once per POLICY_MISS_RECHECK_MS.
    for (let i = 0; i < 1000; i += 1) {
      clock.now = 100 + i;
      await cache.byId(`unknown-${i}`);
    }
    expect(loads()).toBeLessThanOrEqual(2 + 1000 / POLICY_MISS_RECHECK_MS);
  });

  it('should find a policy another replica made once POLICY_MISS_RECHECK_MS have passed', async () => {
    const rows = [policy('p1')];
    const { cache, clock } = cacheOver(rows);
    expect(await cache.byId('p2')).toBeUndefined();
    rows.push(policy('p2', 'g2'));
    clock.now = POLICY_MISS_RECHECK_MS;
    expect(await cache.byId('p2')).toBeDefined();
    expect(await cache.byGroup('g2')).toHaveLength(1);
  });

  it('should not say a policy is missing from a copy kept while the database does not answer', async () => {
    const clock = { now: 0 };
    let down = false;
    const cache = new PolicyCache(
      async () => {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return [policy('p1')];
      },
      () => clock.now,
      1000,
    );
    expect(await cache.byId('p1')).toBeDefined();
    down = true;
    clock.now = 1500;
    // What it read before still plays; a policy it has not read is the database's error (503).
    expect(await cache.byId('p1')).toBeDefined();
    await expect(cache.byId('p2')).rejects.toThrow('ECONNREFUSED');
  });
});
