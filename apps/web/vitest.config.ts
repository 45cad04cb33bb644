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
    testTimeout: 20_000,
    // Rendering in jsdom is CPU work alone, without servers of its own: one file per core.
    // Vitest's default keeps a core free (one worker on a 2-core machine), which suits the
    // BFF suite's servers and timings; the web files run after it, as a group of their own.
    maxWorkers: 2,
    sequence: { groupOrder: 1 },
  },
});
