import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * `E2E_ORDER=reverse`: the files from last to first by name, to show that none depends on
 * what an earlier one left behind (each creates what it needs).
 */
class ReverseSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]) {
    return Promise.resolve([...files].sort((a, b) => b.moduleId.localeCompare(a.moduleId)));
  }
}

/** `pnpm start` builds the app again, under an app that other files may be using: alone, last. */
const ALONE = ['tests/12-start-stop.test.ts'];

const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Each worker runs its files one after another; sharing its module cache saves
  // re-importing playwright-core.
  isolate: false,
};

// Browser tests share one Chromium; two files run at a time, each worker on an app of its own
// (global-setup starts one per worker) unless E2E_BASE_URL names the one app to use.
export default defineConfig({
  test: {
    ...(process.env.E2E_ORDER === 'reverse' ? { sequence: { sequencer: ReverseSequencer } } : {}),
    projects: [
      {
        test: {
          ...shared,
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          exclude: ALONE,
          globalSetup: ['./src/global-setup.ts'],
          maxWorkers: process.env.E2E_BASE_URL ? 1 : 2,
        },
      },
      {
        test: {
          ...shared,
          name: 'e2e-alone',
          include: ALONE,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
