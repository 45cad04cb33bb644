import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes.ts';

export const RESULTS_DIR = join(ROOT, 'bench/results');

/** The machine the figures were taken on. */
export const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  kernel: release(),
  node: process.version,
  loadAverageAtStart: loadavg().map((n) => Number(n.toFixed(2))),
});

/** Writes `<name>-<timestamp>.json` and `<name>-latest.json`; returns the first path. */
export function writeResults(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(RESULTS_DIR, `${name}-${stamp}.json`);
  const text = JSON.stringify(data, null, 2) + '\n';
  writeFileSync(file, text);
  writeFileSync(join(RESULTS_DIR, `${name}-latest.json`), text);
  return file;
}
