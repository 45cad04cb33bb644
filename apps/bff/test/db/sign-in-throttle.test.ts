import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import {
  SignInThrottleRepository,
  type WaitSchedule,
} from '../../src/db/repositories/sign-in-throttle.ts';
import type { Database } from '../../src/db/schema.ts';

const T0 = 1_800_000_000_000;
const PLAN: WaitSchedule = { free: 2, steps: [1000, 2000, 4000], max: 6000 };

let dataDir: string;
let db: Kysely<Database>;
let repo: SignInThrottleRepository;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-throttle-'));
  db = await openDatabase({ dataDir });
  repo = new SignInThrottleRepository(db);
});
afterEach(async () => {
  await db.destroy();
  await rm(dataDir, { recursive: true, force: true });
});

const claim = (now: number, key = 'k') => repo.claim(key, now, now - 86_400_000, PLAN);

describe('SignInThrottleRepository', () => {
  it('should count attempts, start doubling waits past the free ones and stop at the cap', async () => {
    expect(await claim(T0)).toEqual({ failures: 1, blockedUntil: 0 });
    expect(await claim(T0)).toEqual({ failures: 2, blockedUntil: 0 });
    let now = T0;
    const waits = [];
    for (let i = 0; i < 5; i += 1) {
      const claimed = await claim(now);
      waits.push((claimed?.blockedUntil ?? 0) - now);
      now = claimed?.blockedUntil ?? now;
    }
    expect(waits).toEqual([1000, 2000, 4000, 6000, 6000]);
  });

  it('should refuse to count an attempt while the key waits, so parallel attempts cannot share an opening', async () => {
    await claim(T0);
    await claim(T0);
    expect(await claim(T0)).toEqual({ failures: 3, blockedUntil: T0 + 1000 });
    expect(await claim(T0 + 999)).toBeUndefined();
    expect(await repo.blockedUntil(['k', 'other'], T0 + 999)).toBe(T0 + 1000);
    expect(await claim(T0 + 1000)).toEqual({ failures: 4, blockedUntil: T0 + 3000 });
  });

  it('should take back a claimed attempt and the wait it started', async () => {
    await claim(T0);
    await claim(T0);
    const claimed = await claim(T0);
    await repo.release('k', claimed!);
    expect(await repo.blockedUntil(['k'], T0)).toBe(0);
    expect(await claim(T0)).toEqual({ failures: 3, blockedUntil: T0 + 1000 });
  });

  it('should start a count afresh after a day without attempts, and purge it then', async () => {
    for (let i = 0; i < 3; i += 1) await claim(T0);
    await claim(T0, 'stale');
    const later = T0 + 86_400_001;
    expect(await claim(later)).toEqual({ failures: 1, blockedUntil: 0 });
    await repo.purge(later - 86_400_000, later);
    expect(await db.selectFrom('sign_in_throttle').select('key').execute()).toEqual([{ key: 'k' }]);
  });
});
