import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [react()],
  resolve: { tsconfigPaths: true },
  test: {
    name: 'web',
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup.ts'],
    // A file's first test that renders the whole app transforms its modules on demand (lazy
    // pages included): on a busy 2-core machine, 16-18 s of it before the test's own steps.
    testTimeout: 45_000,
    // Rendering in jsdom is CPU work alone: the web files run after the BFF suite's servers
    // and timings, as a group of their own (one file per core, as the whole run).
    sequence: { groupOrder: 1 },
  },
});
