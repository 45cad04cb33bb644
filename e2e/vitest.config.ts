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

// Browser tests share one running app (started the way README says) and one Chromium.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./src/global-setup.ts'],
    fileParallelism: false,
    // One worker runs every file; sharing its module cache saves re-importing playwright-core.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    ...(process.env.E2E_ORDER === 'reverse' ? { sequence: { sequencer: ReverseSequencer } } : {}),
  },
});
