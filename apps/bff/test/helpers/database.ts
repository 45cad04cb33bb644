import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * Which database the BFF tests run on. The `bff` project runs them on SQLite; the `bff-pg`
 * project (apps/bff/vitest.postgres.config.ts) runs the same files on a throwaway PostgreSQL
 * cluster, and each test app gets a database of its own.
 */
export const postgresUrl: string | undefined = providedPostgresUrl();
export const onPostgres = postgresUrl !== undefined;
export const databaseName = onPostgres ? 'postgresql' : 'sqlite';

/**
 * The cluster the bff-pg project started; outside a vitest run, the one `pnpm fuzz` started
 * with FUZZ_DATABASE=postgres (PTD_TEST_POSTGRES_URL), else SQLite.
 */
function providedPostgresUrl(): string | undefined {
  try {
    return inject('postgresUrl');
  } catch {
    return process.env.PTD_TEST_POSTGRES_URL || undefined;
  }
}

/** The migrated database the bff-pg project made to copy (its global setup); none elsewhere. */
const migratedTemplate: string | undefined = (() => {
  try {
    return inject('postgresTemplate');
  } catch {
    return undefined;
  }
})();

/** Names a test's database after its data directory, so reopening the directory reopens it. */
const nameFor = (dataDir: string) =>
  `t_${path
    .basename(dataDir)
    .replace(/[^a-zA-Z0-9]/g, '_')
    .toLowerCase()}`;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL of the test database for `dataDir`, or undefined on SQLite. Created on first use
 * as a copy of the migrated template, the app's schema in place; `blank`: as a new database,
 * for tests of the migrations themselves (an older schema built by hand, several apps
 * migrating one database at once).
 */
export async function testDatabaseUrl(
  dataDir: string,
  { blank = false }: { blank?: boolean } = {},
): Promise<string | undefined> {
  if (!postgresUrl) return undefined;
  const name = nameFor(dataDir);
  const template = !blank && migratedTemplate ? ` template "${migratedTemplate}"` : '';
  await admin(async (client) => {
    try {
      await client.query(`create database "${name}"${template}`);
    } catch (error) {
      // A reopened data directory keeps its database (42P04); two apps opening the same new one
      // at once race in the catalog (23505): either way it exists now.
      if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  });
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(dataDir: string) {
  if (!postgresUrl) return;
  const name = nameFor(dataDir);
  await admin(async (client) => {
    // pg's pool.end() resolves before its connections have gone: a forced drop in that moment
    // terminates them, and the pool no longer listens for their error (an uncaught exception).
    for (let waited = 0; waited < 3000; waited += 50) {
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [name],
      );
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await client.query(`drop database if exists "${name}" with (force)`);
  });
}

/**
 * The test database for `dataDir` as a bare Kysely instance: no migrations, no checkpoint
 * process. One it creates is blank: for tests that build an older schema by hand before the
 * app migrates it.
 */
export async function bareTestDb<T>(dataDir: string): Promise<Kysely<T>> {
  const url = await testDatabaseUrl(dataDir, { blank: true });
  const pool = url ? new pg.Pool({ connectionString: url, max: 2 }) : undefined;
  // A test that drops the database under it must not turn that into an uncaught error.
  pool?.on('error', () => {});
  const dialect = pool
    ? new PostgresDialect({ pool })
    : new SqliteDialect({ database: new SQLite(path.join(dataDir, 'dashboard.sqlite')) });
  return new Kysely<T>({ dialect });
}
