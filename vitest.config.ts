import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Debian's PostgreSQL server binaries, when installed (`.ci/run` installs them). */
const postgresInstalled =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

const databases = postgresInstalled
  ? 'SQLite and PostgreSQL'
  : 'SQLite only (no PostgreSQL server installed)';
if (!process.env.VITEST_WORKER_ID) console.info(`BFF tests run on: ${databases}`);

// One run over every package and app; each project keeps its own environment. The BFF suite
// runs twice when PostgreSQL is available: on SQLite (`bff`) and on PostgreSQL (`bff-pg`).
export default defineConfig({
  test: {
    // One test file per core. Vitest's default keeps a core free, which on a 2-core machine
    // ran the BFF suite one file at a time while the other core idled; its servers and timings
    // hold with one file per core (a whole run of both databases passed that way under three
    // other test runs' load). The web files still run after the BFF's, as a group of their own.
    maxWorkers: availableParallelism(),
    projects: [
      'packages/*',
      'apps/*',
      // BFF test files that replace a module: a module graph each (apps/bff/vitest.shared.ts).
      'apps/bff/vitest.own-modules.config.ts',
      ...(postgresInstalled ? ['apps/bff/vitest.postgres.config.ts'] : []),
    ],
  },
});
