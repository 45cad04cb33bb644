import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type CompiledQuery, type Insertable } from 'kysely';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { LedgerRepository } from '../../src/db/repositories/ledger.ts';
import type { Database, LedgerTable } from '../../src/db/schema.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { bareTestDb, onPostgres } from '../helpers/database.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { databaseAt, openMigrated } from '../helpers/migrations.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');

const at = Date.UTC(2026, 10, 20, 18, 0);
const row = (
  id: string,
  jti: string,
  seconds: number,
  extra: Partial<Insertable<LedgerTable>> = {},
): Insertable<LedgerTable> => ({
  id,
  jti,
  kind: 'viewer',
  policy_id: 'pol-1',
  target: JSON.stringify({ type: 'group', groupId: 'grp-1' }),
  issued_at: Math.floor(at / 1000) + seconds,
  not_before: Math.floor(at / 1000) + seconds,
  expires_at: Math.floor(at / 1000) + seconds + 1800,
  revocable: 1,
  force_disconnect: 0,
  ip: '203.0.113.7',
  domain: 'shop.example.com',
  viewer_user: null,
  tag: 'cup-final',
  claims: '{"jti":"x"}',
  created_by: null,
  created_at: at + seconds * 1000,
  revoked_at: null,
  revoked_by: null,
  encrypted_token: `v1.sealed-${id}`,
  state: 'issued',
  revocation_requested_at: null,
  revocation_requested_by: null,
  batch_id: null,
  ...extra,
});

const ROWS = [
  row('0001', 'b7c1e0a4-1111-4000-8000-000000000001', 0),
  row('0002', 'attempt:0002', 1, { state: 'issuing', claims: '{}', encrypted_token: null }),
  row('0003', '17f0aa9e-3333-4000-8000-000000000003', 2, {
    kind: 'staff',
    policy_id: null,
    revoked_at: at + 60_000,
    revoked_by: 'staff-1',
    created_by: 'staff-1',
    batch_id: 'batch-1',
    viewer_user: 'viewer-9',
  }),
];

async function ledgerIndexes(db: Kysely<Database>): Promise<string[]> {
  const found = onPostgres
    ? await sql<{ name: string }>`select indexname as name from pg_indexes
        where schemaname = current_schema() and tablename = 'ledger'`.execute(db)
    : await sql<{ name: string }>`select name from sqlite_master
        where type = 'index' and tbl_name = 'ledger'`.execute(db);
  return found.rows.map((r) => r.name).sort();
}

/**
 * Ledger indexes that migrations after 018 add (the databases here are opened fully migrated),
 * as 024 adds the target's type, computed for every row (`target_type`).
 */
const LATER = new Set(['ledger_target_type']);
const upTo018 = (names: string[]) => names.filter((name) => !LATER.has(name));

describe('migration 018-ledger-jti-by-issue-time', () => {
  it('should keep every row and index, index jti behind the issue time and find a token by both', async () => {
    const dataDir = await newDataDir();
    const old = await databaseAt(dataDir, '017-ledger-rollups');
    await old.insertInto('ledger').values(ROWS).execute();
    const before = await ledgerIndexes(old);
    await expect(
      old
        .insertInto('ledger')
        .values(row('0004', ROWS[0]!.jti, 3))
        .execute(),
    ).rejects.toThrow();
    await old.destroy();

    const db = await openMigrated(dataDir);
    try {
      const rows = await db.selectFrom('ledger').selectAll().orderBy('id').execute();
      expect(
        rows.map((r) => ({
          ...r,
          issued_at: Number(r.issued_at),
          not_before: Number(r.not_before),
          expires_at: Number(r.expires_at),
          created_at: Number(r.created_at),
          revoked_at: r.revoked_at === null ? null : Number(r.revoked_at),
        })),
      ).toEqual(ROWS.map((r) => ({ ...r, target_type: 'g', batch_row: null })));

      const after = upTo018(await ledgerIndexes(db));
      // Every index is still there, plus the new one; only the unique index on jti is gone.
      const uniqueJti = before.filter((name) => !after.includes(name));
      expect(uniqueJti).toEqual([onPostgres ? 'ledger_jti_key' : 'sqlite_autoindex_ledger_2']);
      expect(after.filter((name) => !before.includes(name))).toEqual(['ledger_issued_jti']);

      const ledger = new LedgerRepository(db, Date.now, new WriteQueue(db));
      const third = ROWS[2]!;
      await expect(ledger.byIssueAndJti(third.issued_at, third.jti)).resolves.toMatchObject({
        id: '0003',
        revoked_by: 'staff-1',
      });
      await expect(ledger.byIssueAndJti(third.issued_at + 1, third.jti)).resolves.toBeUndefined();
    } finally {
      await db.destroy();
    }
  });

  it.runIf(!onPostgres)(
    'should run again on SQLite when its table was rebuilt but the migration not yet recorded',
    async () => {
      const dataDir = await newDataDir();
      const first = await bareTestDb<Database>(dataDir);
      const migrated = await new Migrator({ db: first, provider: migrationProvider }).migrateTo(
        '018-ledger-jti-by-issue-time',
      );
      expect(migrated.error).toBeUndefined();
      await first.insertInto('ledger').values(ROWS).execute();
      const indexes = await ledgerIndexes(first);
      // A process stopped after the rebuild's commit, before Kysely recorded the migration.
      await sql`delete from kysely_migration where name = '018-ledger-jti-by-issue-time'`.execute(
        first,
      );
      await first.destroy();

      const db = await openDatabase({ dataDir });
      try {
        await expect(db.selectFrom('ledger').select('id').orderBy('id').execute()).resolves.toEqual(
          ROWS.map(({ id }) => ({ id })),
        );
        expect(upTo018(await ledgerIndexes(db))).toEqual(indexes);
      } finally {
        await db.destroy();
      }
    },
  );

  it.runIf(!onPostgres)(
    'should read a token by its issue time and jti through the new index',
    async () => {
      const dataDir = await newDataDir();
      await (await openDatabase({ dataDir })).destroy();
      const raw = new SQLite(path.join(dataDir, 'dashboard.sqlite'));
      const queries: CompiledQuery[] = [];
      const db = new Kysely<Database>({
        dialect: new SqliteDialect({ database: raw }),
        log: (event) => void queries.push(event.query),
      });
      try {
        const ledger = new LedgerRepository(db, Date.now, new WriteQueue(db));
        await ledger.byIssueAndJti(1_795_000_000, 'b7c1e0a4-1111-4000-8000-000000000001');
        const query = queries.at(-1)!;
        const plan = raw
          .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
          .all(...(query.parameters as unknown[])) as Array<{ detail: string }>;
        expect(plan.map((step) => step.detail).join('; ')).toMatch(
          /SEARCH ledger USING INDEX ledger_issued_jti \(issued_at=\? AND jti=\?\)/,
        );
      } finally {
        await db.destroy();
      }
    },
  );
});
