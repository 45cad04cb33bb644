/**
 * `pnpm fuzz`: a long fuzz campaign against a fresh BFF, emulator and recording proxy on
 * 127.0.0.1. FUZZ_RUNS (default 50,000) requests, FUZZ_SEED (default: random, printed) to
 * repeat a run, FUZZ_DATABASE `sqlite` (default) or `postgres` (a throwaway cluster, as the
 * test suite's). Prints a summary and writes it as JSON to bench/results/; exits 1 when it
 * found something that is not on the known list.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresBinDir, startCluster, type TestCluster } from '../postgres/cluster.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../../..');
const RESULTS = path.join(ROOT, 'bench/results');

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number ≥ 0, not "${raw}"`);
  }
  return value;
}

const runs = positiveInteger('FUZZ_RUNS', 50_000);
const seed = positiveInteger('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));
const database = process.env.FUZZ_DATABASE || 'sqlite';
if (database !== 'sqlite' && database !== 'postgres') {
  throw new Error(`FUZZ_DATABASE must be sqlite or postgres, not "${database}"`);
}
console.info(
  `fuzz campaign: ${runs} requests on ${database}, seed ${seed} (repeat with FUZZ_SEED=${seed})`,
);

let cluster: TestCluster | undefined;
if (database === 'postgres') {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  cluster = await startCluster(binDir);
  console.info(`PostgreSQL ${cluster.version}, throwaway cluster on 127.0.0.1`);
  // Read by the test helpers when they load (below, after it is set).
  process.env.PTD_TEST_POSTGRES_URL = cluster.url;
}
const { formatSummary } = await import('./report.ts');
const { runCampaign } = await import('./run.ts');
const { startWorld } = await import('./world.ts');

const world = await startWorld().catch(async (error: unknown) => {
  await cluster?.stop();
  throw error;
});
let summary;
try {
  const started = Date.now();
  summary = await runCampaign(world, {
    seed,
    runs,
    onBatch: (sent) => {
      if (sent % 5000 === 0 || sent === runs) {
        const rate = sent / ((Date.now() - started) / 1000);
        console.info(`  ${sent} sent (${rate.toFixed(0)} requests/s)`);
      }
    },
  });
} finally {
  await world.close();
  await cluster?.stop();
}

console.info(`\n${formatSummary(summary)}`);
await mkdir(RESULTS, { recursive: true });
const file = path.join(
  RESULTS,
  `fuzz-${database}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
console.info(`\nsummary written to ${path.relative(ROOT, file)}`);
process.exitCode = summary.findings.some((finding) => !finding.known) ? 1 : 0;
