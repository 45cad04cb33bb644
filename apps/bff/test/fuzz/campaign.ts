/**
 * `pnpm fuzz`: a long fuzz campaign against a fresh BFF, emulator and recording proxy on
 * 127.0.0.1. FUZZ_RUNS (default 50,000) requests, FUZZ_SEED (default: random, printed) to
 * repeat a run. Prints a summary and writes it as JSON to bench/results/; exits 1 when it
 * found something that is not on the known list.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary } from './report.ts';
import { runCampaign } from './run.ts';
import { startWorld } from './world.ts';

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
console.info(`fuzz campaign: ${runs} requests, seed ${seed} (repeat with FUZZ_SEED=${seed})`);

const world = await startWorld();
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
}

console.info(`\n${formatSummary(summary)}`);
await mkdir(RESULTS, { recursive: true });
const file = path.join(RESULTS, `fuzz-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
console.info(`\nsummary written to ${path.relative(ROOT, file)}`);
process.exitCode = summary.findings.some((finding) => !finding.known) ? 1 : 0;
