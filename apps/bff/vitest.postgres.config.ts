import { defineProject } from 'vitest/config';
import { bffTestOptions, OWN_MODULES } from './vitest.shared.ts';

/**
 * The BFF suite again, on PostgreSQL: a throwaway cluster (Debian's `postgresql` server
 * binaries, initdb into a temporary directory) started for the run, a database per test app.
 * The root config includes this project only when the server binaries are installed.
 */
export default defineProject({
  test: {
    ...bffTestOptions,
    name: 'bff-pg',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    // Those check what the app compiles, not the database (bff-own-modules runs them).
    exclude: OWN_MODULES,
    globalSetup: ['test/postgres/global-setup.ts', 'test/processes/global-setup.ts'],
  },
});
