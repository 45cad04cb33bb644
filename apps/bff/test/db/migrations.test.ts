import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type CompiledQuery } from 'kysely';
import { TOKEN_STATUSES, type TokenStatus } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { LedgerRepository } from '../../src/db/repositories/ledger.ts';
import type { Database } from '../../src/db/schema.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { bareTestDb, onPostgres, testDatabaseUrl } from '../helpers/database.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { ledgerRowAt } from '../helpers/ledger-rows.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');

const ledgerRow = (id: string, createdAt: number, target: unknown) =>
  ledgerRowAt(id, createdAt, { target: JSON.stringify(target) });

describe('migration 004-ledger-target-created', () => {
  it('should copy each row’s creation time into ledger_target, so an existing ledger filters by stream in order', async () => {
    const dataDir = await newDataDir();
    // A database as the previous release left it: migrated up to 003, with tokens in it.
    const old = await bareTestDb<Database>(dataDir);
    const migrated = await new Migrator({
      db: old,
      provider: migrationProvider,
    }).migrateTo('003-ledger-status-indexes');
    expect(migrated.error).toBeUndefined();
    const t0 = Date.UTC(2026, 10, 1);
    for (const [id, offset, streams] of [
      ['a', 0, ['cam-1']],
      ['b', 60_000, ['cam-1', 'cam-2']],
      ['c', 120_000, ['cam-2']],
    ] as const) {
      await old
        .insertInto('ledger')
        .values(ledgerRow(id, t0 + offset, { type: 'streams', streams }))
        .execute();
      // The 003 schema has no created_at in ledger_target.
      for (const value of streams) {
        await (old as unknown as Kysely<{ ledger_target: { ledger_id: string; value: string } }>)
          .insertInto('ledger_target')
          .values({ ledger_id: id, value })
          .execute();
      }
    }
    await old.destroy();

    const db = await openDatabase({ dataDir, databaseUrl: await testDatabaseUrl(dataDir) });
    try {
      const targets = await db
        .selectFrom('ledger_target')
        .select(['ledger_id', 'value', 'created_at'])
        .orderBy('value')
        .orderBy('ledger_id')
        .execute();
      expect(targets).toEqual([
        { ledger_id: 'a', value: 'cam-1', created_at: t0 },
        { ledger_id: 'b', value: 'cam-1', created_at: t0 + 60_000 },
        { ledger_id: 'b', value: 'cam-2', created_at: t0 + 60_000 },
        { ledger_id: 'c', value: 'cam-2', created_at: t0 + 120_000 },
      ]);
      const ledger = new LedgerRepository(db, () => t0 + 180_000, new WriteQueue(db));
      const page = await ledger.list(
        { targets: { values: ['cam-2'] }, sort: 'createdAt', order: 'desc' },
        25,
      );
      expect(page.total).toBe(2);
      expect(page.rows.map((item) => item.id)).toEqual(['c', 'b']);
    } finally {
      await db.destroy();
    }
  });
});

// SQLite only: it reads SQLite's query plans (the PostgreSQL suite runs the migration itself).
describe.skipIf(onPostgres)('migration 006-ledger-attempts (SQLite query plans)', () => {
  it('should keep every existing token issued, and page each status filter through an index', async () => {
    const dataDir = await newDataDir();
    const file = path.join(dataDir, 'dashboard.sqlite');
    const old = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(file) }),
    });
    const migrated = await new Migrator({
      db: old,
      provider: migrationProvider,
    }).migrateTo('004-ledger-target-created');
    expect(migrated.error).toBeUndefined();
    const t0 = Date.UTC(2026, 10, 1);
    await old
      .insertInto('ledger')
      .values([
        ledgerRow('old-1', t0, { type: 'organisation' }),
        { ...ledgerRow('old-2', t0 + 1000, { type: 'organisation' }), revoked_at: t0 + 2000 },
      ])
      .execute();
    await old.destroy();

    await (await openDatabase({ dataDir })).destroy();
    const raw = new SQLite(file);
    const queries: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => void queries.push(event.query),
    });
    try {
      const states = await db.selectFrom('ledger').select(['id', 'state']).orderBy('id').execute();
      expect(states).toEqual([
        { id: 'old-1', state: 'issued' },
        { id: 'old-2', state: 'issued' },
      ]);
      const ledger = new LedgerRepository(db, () => t0 + 60_000, new WriteQueue(db));
      // The first page of each status reads the partial index of just its rows, newest first.
      const pageIndex: Record<TokenStatus, string> = {
        active: 'ledger_live_created',
        scheduled: 'ledger_live_created',
        expired: 'ledger_live_created',
        revoked: 'ledger_created',
        'revocation-pending': 'ledger_revocation_pending',
        'never-delivered': 'ledger_never_delivered',
        issuing: 'ledger_issuing',
      };
      const planOf = (query: CompiledQuery) =>
        (
          raw
            .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
            .all(...(query.parameters as unknown[])) as Array<{ detail: string }>
        )
          .map((step) => step.detail)
          .join('; ');
      for (const status of TOKEN_STATUSES) {
        queries.length = 0;
        await ledger.list({ status, sort: 'createdAt', order: 'desc' }, 25);
        const page = queries.find((query) => / order by /.test(query.sql));
        const count = queries.find((query) => /count\(\*\)/.test(query.sql));
        expect(planOf(page!), status).toMatch(
          new RegExp(`USING (COVERING )?INDEX ${pageIndex[status]}\\b`),
        );
        expect(planOf(page!), status).not.toMatch(/TEMP B-TREE/);
        expect(planOf(count!), status).toMatch(/USING (COVERING )?INDEX/);
      }
      const active = await ledger.list({ status: 'active', sort: 'createdAt', order: 'desc' }, 25);
      expect(active.rows.map((item) => item.id)).toEqual(['old-1']);
    } finally {
      await db.destroy();
    }
  });
});
