import { Migrator, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import type { Database } from '../../src/db/schema.ts';
import { bareTestDb, testDatabaseUrl } from '../helpers/database.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';

const newDataDir = useTestDataDirs('ptd-migrate-009-');

describe('migration 009-credentials', () => {
  it('should run on a database that already ran 011 (as the previous release left it), keeping its staff', async () => {
    const dataDir = await newDataDir();
    const old = await bareTestDb<Database>(dataDir);
    // The previous release: every migration but this one, 011 included.
    const previous: Record<string, Migration> = Object.fromEntries(
      Object.entries(await migrationProvider.getMigrations()).filter(
        ([name]) => name !== '009-credentials',
      ),
    );
    const migrated = await new Migrator({
      db: old,
      provider: { getMigrations: async () => previous },
    }).migrateToLatest();
    expect(migrated.error).toBeUndefined();
    await old
      .insertInto('staff')
      .values({
        id: '3f2c1a9e-8b7d-4e6f-a5c4-1d2e3f4a5b6c',
        email: 'kept@example.com',
        display_name: 'Kept',
        password_hash: 'x',
        role: 'admin',
        disabled: 0,
        created_at: 1,
        last_sign_in_at: null,
      } as never)
      .execute();
    await old.destroy();

    const db = await openDatabase({
      dataDir,
      databaseUrl: await testDatabaseUrl(dataDir),
      schema: 'public',
    });
    try {
      const row = await db
        .selectFrom('staff')
        .selectAll()
        .where('email', '=', 'kept@example.com')
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        must_change_password: 0,
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_step: null,
        totp_pending_secret: null,
      });
      for (const table of ['recovery_code', 'password_reset', 'sign_in_pending'] as const) {
        expect(await db.selectFrom(table).selectAll().execute()).toEqual([]);
      }
    } finally {
      await db.destroy();
    }
  });
});
