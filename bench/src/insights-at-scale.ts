/**
 * The event overview's query time at a large ledger: `tsx src/insights-at-scale.ts [rows]`
 * (default 1,000,000). Seeds the ledger as `pnpm bench` does (a year of history), on SQLite and
 * on a throwaway PostgreSQL cluster when Debian's server binaries are there, counts the rollups
 * as migration 017 does for an existing ledger, and prints the median of 15 overviews.
 */
import { postgresBinDir, startCluster } from '@ptd/bff/postgres-cluster';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../apps/bff/src/db/connect.ts';
import { backfillRollups } from '../../apps/bff/src/db/migrations/017-ledger-rollups.ts';
import { LedgerInsights } from '../../apps/bff/src/db/repositories/ledger-insights.ts';
import { eventOverview } from '../../apps/bff/src/services/insights/overview.ts';
import { seedLedgerPostgres } from './lib/seed-postgres.ts';
import { seedLedger } from './lib/seed-sqlite.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const RUNS = 15;

type Db = Awaited<ReturnType<typeof openDatabase>>;

async function measure(name: string, db: Db, nowMs: number) {
  const started = performance.now();
  await backfillRollups(db as unknown as Parameters<typeof backfillRollups>[0], nowMs);
  console.info(`${name}: rollups counted in ${Math.round(performance.now() - started)} ms`);
  const insights = new LedgerInsights(db);
  const times: number[] = [];
  let last;
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    last = await eventOverview(insights, nowMs, 120);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)] ?? 0;
  console.info(
    `${name}: overview median ${median.toFixed(1)} ms (min ${times[0]?.toFixed(1)}, max ${times.at(-1)?.toFixed(1)}); active ${last?.active.total}, expiring 24 h ${last?.expiring.total}`,
  );
  // The parts, to see which one costs.
  for (const [part, run] of [
    ['hourly+daily', () => insights.hourly(nowMs - 30 * 86_400_000)],
    ['minutes', () => insights.viewerMinutes(nowMs - 120 * 60_000)],
    ['active total', () => insights.activeTotal(Math.floor(nowMs / 1000))],
    ['active by target', () => insights.activeByTarget(Math.floor(nowMs / 1000), 8, 5_000)],
    [
      'expiring',
      () => insights.expiringByHour(Math.floor(nowMs / 1000), Math.floor(nowMs / 1000) + 86_400),
    ],
  ] as const) {
    const partTimes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now();
      await run();
      partTimes.push(performance.now() - t0);
    }
    partTimes.sort((a, b) => a - b);
    console.info(`  ${part.padEnd(18)} ${partTimes[2]?.toFixed(1)} ms`);
  }
}

const nowMs = Date.now();
const dataDir = await mkdtemp(join(tmpdir(), 'ptd-insights-'));
try {
  if (process.env.SKIP_SQLITE === '1') throw new Error('skip');
  const lite = await openDatabase({ dataDir });
  await lite.destroy();
  const seeded = seedLedger(dataDir, rows, nowMs);
  console.info(`sqlite: seeded ${rows} rows in ${Math.round(seeded.ms)} ms`);
  const db = await openDatabase({ dataDir });
  await measure('sqlite', db, nowMs);
  await db.destroy();
} catch (error) {
  if ((error as Error).message !== 'skip') throw error;
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const bin = postgresBinDir();
if (bin && process.env.SKIP_PG !== '1') {
  const cluster = await startCluster(bin);
  try {
    const pgDir = await mkdtemp(join(tmpdir(), 'ptd-insights-pg-'));
    const db = await openDatabase({ dataDir: pgDir, databaseUrl: cluster.url });
    const seeded = await seedLedgerPostgres(cluster.url, 'public', rows, nowMs);
    console.info(`postgresql: seeded ${rows} rows in ${Math.round(seeded.ms)} ms`);
    await measure('postgresql', db, nowMs);
    await db.destroy();
    await rm(pgDir, { recursive: true, force: true });
  } finally {
    await cluster.stop();
  }
}
