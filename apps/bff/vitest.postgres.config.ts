import { defineProject } from 'vitest/config';

/**
 * The BFF suite again, on PostgreSQL: a throwaway cluster (Debian's `postgresql` server
 * binaries, initdb into a temporary directory) started for the run, a database per test app.
 * The root config includes this project only when the server binaries are installed.
 */
export default defineProject({
  test: {
    name: 'bff-pg',
    root: import.meta.dirname,
    environment: 'node',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/postgres/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
