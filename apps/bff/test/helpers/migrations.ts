import { Migrator } from 'kysely';
import { openDatabase } from '../../src/db/connect.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import type { Database } from '../../src/db/schema.ts';
import { bareTestDb, testDatabaseUrl } from './database.ts';

/**
 * The test database for `dataDir` as an earlier release left it: every migration up to and
 * including `last`, none after. Rows written to it then meet the next migrations as a real
 * upgrade would.
 */
export async function databaseAt(dataDir: string, last: string) {
  const db = await bareTestDb<Database>(dataDir);
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(last);
  if (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/** The same database opened as the app opens it: the migrations still missing run. */
export async function openMigrated(dataDir: string) {
  return openDatabase({ dataDir, databaseUrl: await testDatabaseUrl(dataDir) });
}
