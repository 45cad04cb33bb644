import { defineConfig } from 'vitest/config';

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
  },
});
