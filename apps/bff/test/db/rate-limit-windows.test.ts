import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitWindowsRepository } from '../../src/db/repositories/rate-limit-windows.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { onPostgres } from '../helpers/database.ts';

const replicas: TestApp[] = [];
let windows: RateLimitWindowsRepository[];

beforeAll(async () => {
  if (!onPostgres) return;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-windows-'));
  for (let i = 0; i < 3; i += 1) {
    replicas.push(await createTestApp({ dataDir, keepDataDir: i > 0 }));
  }
  windows = replicas.map((t) => new RateLimitWindowsRepository(t.app.db));
});
afterAll(async () => {
  const [owner, ...others] = replicas;
  await Promise.all(others.map((t) => t.close()));
  await owner?.close();
});

const keysLeft = async () =>
  (
    await sql<{ key: string }>`select key from rate_limit_window order by key`.execute(
      (replicas[0] as TestApp).app.db,
    )
  ).rows.map((row) => row.key);

/** The repository on a replica's database, counting the statements it sends. */
function counted(t: TestApp) {
  const count = { statements: 0 };
  const db = t.app.db.withPlugin({
    transformQuery: (args) => {
      count.statements += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { windows: new RateLimitWindowsRepository(db), count };
}

describe.skipIf(!onPostgres)('rate-limit windows in PostgreSQL', () => {
  it('should count hits arriving together in one statement, each with a count of its own', async () => {
    const { windows: one, count } = counted(replicas[0] as TestApp);
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => one.hit(i % 2 ? 'together-a' : 'together-b', 60_000)),
    );
    expect(count.statements).toBe(1);
    const countsOf = (parity: number) =>
      hits
        .filter((_, i) => i % 2 === parity)
        .map((h) => h.hits)
        .sort((a, b) => a - b);
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(countsOf(0)).toEqual(oneToTwenty);
    expect(countsOf(1)).toEqual(oneToTwenty);
  });

  it('should give 60 hits of one key from three replicas at once the counts 1 to 60', async () => {
    const hits = await Promise.all(
      Array.from({ length: 60 }, (_, i) => windows[i % 3]!.hit('parallel', 60_000)),
    );
    expect(hits.map((h) => h.hits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    for (const { ttlMs } of hits) {
      expect(ttlMs).toBeGreaterThan(50_000);
      expect(ttlMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('should start an ended window again at one and purge windows that ended', async () => {
    const [a, b] = windows as [RateLimitWindowsRepository, RateLimitWindowsRepository];
    expect((await a.hit('short', 300)).hits).toBe(1);
    expect((await b.hit('short', 300)).hits).toBe(2);
    await a.hit('gone', 300);
    await a.hit('long', 60_000);
    await sleep(350);
    const again = await b.hit('short', 300);
    expect(again.hits).toBe(1);
    expect(again.ttlMs).toBeGreaterThan(200);

    expect(await a.purgeEnded()).toBe(1);
    expect(await keysLeft()).toEqual(['long', 'parallel', 'short', 'together-a', 'together-b']);
  });

  it('should answer a hit that adds nothing with the shared count, in a batch with ones that add', async () => {
    const [a, b] = windows as [RateLimitWindowsRepository, RateLimitWindowsRepository];
    await a.hit('read', 60_000);
    await b.hit('read', 60_000);
    const together = await Promise.all([
      a.hit('read', 60_000, { adds: 0 }),
      a.hit('read', 60_000),
      a.hit('read', 60_000, { adds: 0 }),
    ]);
    expect(together.map((count) => count.hits)).toEqual([2, 3, 3]);
    expect((await b.hit('read', 60_000, { adds: 0 })).hits).toBe(3);
  });
});
