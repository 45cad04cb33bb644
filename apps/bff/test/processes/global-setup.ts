import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { BFF_ENTRY_POINTS, bundleBff } from '../../scripts/bundle.mjs';

const BFF_DIR = path.resolve(import.meta.dirname, '../..');

/**
 * The BFF and the emulator, bundled once per run for the tests that start them as processes
 * of their own (test/helpers/bff-process.ts, emulator-process.ts): the BFF as `pnpm start`
 * runs it, and each start loads one file instead of every source file through a TypeScript
 * loader (about 4 s of CPU instead of 8 for a BFF on a 2-core machine; 37 starts a run). A
 * folder of its own per project and run, inside dist/ (npm packages resolve from apps/bff).
 */
export async function setup(project: TestProject) {
  const outdir = path.join(BFF_DIR, 'dist', `test-${project.name}-${process.pid}`);
  await bundleBff({
    outdir,
    entryPoints: { ...BFF_ENTRY_POINTS, 'emulator-main': 'test/helpers/emulator-main.ts' },
  });
  project.provide('processBundle', outdir);
  return () => rm(outdir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the bundled BFF (server.mjs) and emulator (emulator-main.mjs). */
    processBundle: string;
  }
}
