import { existsSync, readdirSync } from 'node:fs';
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
    projects: [
      'packages/*',
      'apps/*',
      ...(postgresInstalled ? ['apps/bff/vitest.postgres.config.ts'] : []),
    ],
  },
});
