import { postgresBinDir, startCluster } from '@ptd/bff/postgres-cluster';
import pg from 'pg';
import { startBff, staffSessions, type Emulator } from '../lib/bff.ts';
import { seedLedgerPostgres } from '../lib/seed-postgres.ts';
import { seedLedger } from '../lib/seed-sqlite.ts';
import { round } from '../lib/stats.ts';
import { fmt, printTable, verdict } from '../lib/table.ts';
import { measureOverview, overviewCases, selectCases, type OverviewResult } from './ledger.ts';

export interface LedgerOptions {
  rows: number;
  /** Sequential requests per filter. */
  runs: number;
  /** Only the filters whose names contain one of these `;`-separated parts (selectCases). */
  filters?: string | undefined;
  env: Record<string, string>;
  nodeArgs: string[];
}

export interface LedgerRun {
  database: string;
  seed?: { rows: number; targets: number; ms: number };
  overview?: OverviewResult[];
  note?: string;
}

export interface PostgresTarget {
  url: string;
  schema: string;
  label: string;
  stop(): Promise<void>;
}

/** The schema of the viewer table's "floor + row + seal" server, beside the BFF's `schema`. */
export const floorSchemaOf = (schema: string) => `${schema}_floor`;

/**
 * Where the PostgreSQL run goes: `BENCH_DATABASE_URL` (a schema of its own, dropped at the
 * end), else a throwaway cluster like the tests' (Debian's server binaries, a temporary
 * directory, 127.0.0.1), else nowhere. `BENCH_DATABASE_URL=none` skips it.
 */
export async function postgresTarget(): Promise<PostgresTarget | string> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given === 'none') return 'skipped (BENCH_DATABASE_URL=none)';
  const schema = `bench_${Date.now()}`;
  if (given) {
    return {
      url: given,
      schema,
      label: 'BENCH_DATABASE_URL',
      async stop() {
        const client = new pg.Client({ connectionString: given });
        await client.connect();
        for (const name of [schema, floorSchemaOf(schema)]) {
          await client.query(`drop schema if exists ${name} cascade`);
        }
        await client.end();
      },
    };
  }
  const bin = postgresBinDir();
  if (!bin) return 'skipped (no PostgreSQL server installed and no BENCH_DATABASE_URL)';
  const cluster = await startCluster(bin);
  return {
    url: cluster.url,
    schema,
    label: `${cluster.version}, throwaway cluster`,
    stop: cluster.stop,
  };
}

async function measure(
  emulator: Emulator,
  options: LedgerOptions,
  database: string,
  extraEnv: Record<string, string>,
  seed: (dataDir: string) => Promise<{ rows: number; targets: number; ms: number }>,
): Promise<LedgerRun> {
  process.stderr.write(`ledger on ${database}: seeding ${options.rows} rows\n`);
  const bff = await startBff({
    emulator,
    // Retention off: its hourly run would remove the seeded year's expired rows while the
    // filters are being timed, so each run would measure a different ledger.
    env: {
      ...options.env,
      ...extraEnv,
      LEDGER_RETENTION_DAYS_VIEWER: '0',
      LEDGER_RETENTION_DAYS_STAFF: '0',
    },
    nodeArgs: options.nodeArgs,
  });
  try {
    const seeded = await seed(bff.dataDir);
    const [admin] = await staffSessions(bff, 0);
    process.stderr.write(`ledger on ${database}: ${options.runs} sequential GETs per filter\n`);
    const overview = await measureOverview(
      bff,
      admin!,
      selectCases(overviewCases(), options.filters),
      options.runs,
    );
    return {
      database,
      seed: { rows: seeded.rows, targets: seeded.targets, ms: round(seeded.ms, 0) },
      overview,
    };
  } finally {
    await bff.stop();
  }
}

/** The overview at `rows` rows on SQLite, then on PostgreSQL. */
export async function ledgerRuns(emulator: Emulator, options: LedgerOptions): Promise<LedgerRun[]> {
  const runs = [
    await measure(emulator, options, 'SQLite', {}, async (dataDir) =>
      seedLedger(dataDir, options.rows),
    ),
  ];
  const target = await postgresTarget();
  if (typeof target === 'string') return [...runs, { database: 'PostgreSQL', note: target }];
  try {
    const env = { DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema };
    runs.push(
      await measure(emulator, options, `PostgreSQL (${target.label})`, env, () =>
        seedLedgerPostgres(target.url, target.schema, options.rows),
      ),
    );
  } finally {
    await target.stop();
  }
  return runs;
}

export function printLedger(runs: LedgerRun[], budgetMs: number) {
  for (const run of runs) {
    if (!run.overview || !run.seed) {
      console.info(`\nLedger overview on ${run.database}: ${run.note ?? 'not measured'}`);
      continue;
    }
    printTable(
      `Ledger overview, GET /api/tokens (25 rows) on ${run.database}: ${run.seed.rows} rows seeded in ` +
        `${run.seed.ms} ms; ${run.overview[0]?.server.n ?? 0} sequential requests each; ` +
        `server = the BFF's Server-Timing; budget: server median ≤ ${budgetMs} ms`,
      ['filter', 'matches', 'server median', 'server p95', 'server max', 'wall median', 'budget'],
      run.overview.map((o) => [
        o.name,
        o.matches,
        fmt(o.server.median, 2),
        fmt(o.server.p95, 2),
        fmt(o.server.max, 2),
        fmt(o.wall.median, 2),
        verdict(o.server.median <= budgetMs),
      ]),
    );
  }
}
