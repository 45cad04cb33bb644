import { basename } from 'node:path';
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

/**
 * Roughly how many seconds each file takes (two workers on a loaded two-core machine), for the
 * files well above the rest; any other file counts as DEFAULT_SECONDS. Only the order uses it.
 */
const SECONDS: Record<string, number> = {
  '15-connection-lost': 105,
  '10-credentials': 100,
  '16-two-tabs': 70,
  '08-accessibility': 73,
  '09-sessions': 62,
  '12-organisation-limits': 49,
  '19-confirm-with-single-sign-on': 48,
  '13-single-sign-on': 47,
  '03-restrictions': 45,
  '09-token-details-and-targets': 44,
  '04-revocation': 41,
  '10-show-once-and-client-ip': 40,
  '07-upstream-down': 39,
  '09-clock-presets': 38,
  '17-database-restart': 37,
};
const DEFAULT_SECONDS = 25;

const secondsOf = (file: TestSpecification) =>
  SECONDS[basename(file.moduleId).replace(/\.test\.ts$/, '')] ?? DEFAULT_SECONDS;

/**
 * Longest first: each worker takes the next file when it is done with one, so a long file
 * started last would keep one worker busy while the other has nothing left. (Vitest's own order,
 * by the durations it recorded, has nothing to go by on a fresh clone: then it goes by size.)
 * Projects keep their order (`sequence.groupOrder`): the files that run alone come last.
 */
class LongestFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]) {
    return Promise.resolve(
      [...files].sort(
        (a, b) =>
          a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
          secondsOf(b) - secondsOf(a) ||
          a.moduleId.localeCompare(b.moduleId),
      ),
    );
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
    sequence: {
      sequencer: process.env.E2E_ORDER === 'reverse' ? ReverseSequencer : LongestFirstSequencer,
    },
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
