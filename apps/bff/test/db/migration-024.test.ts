import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type CompiledQuery } from 'kysely';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerRepository } from '../../src/db/repositories/ledger.ts';
import type { LedgerSearch } from '../../src/db/repositories/ledger-search.ts';
import type { Database } from '../../src/db/schema.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { onPostgres } from '../helpers/database.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { ledgerRowAt } from '../helpers/ledger-rows.ts';
import { databaseAt, openMigrated } from '../helpers/migrations.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');
const t0 = Date.UTC(2026, 11, 1, 18, 0);

const TARGETS = [
  { type: 'streams', streams: ['DmEvt-CupFn'] },
  { type: 'group', groupId: 'grp-1' },
  { type: 'organisation' },
] as const;

/** 30 tokens, the three target types in turn, one a second, the newest last. */
const rows = Array.from({ length: 30 }, (_, i) =>
  ledgerRowAt(`0190${String(i).padStart(4, '0')}`, t0 + i * 1000, {
    target: JSON.stringify(TARGETS[i % 3]),
    tag: i % 2 === 0 ? 'even' : null,
  }),
);
const idsOf = (type: number) =>
  rows
    .filter((_, i) => i % 3 === type)
    .map((row) => row.id)
    .reverse();

const search = (targetTypes: LedgerSearch['targetTypes']): LedgerSearch => ({
  targetTypes,
  sort: 'createdAt',
  order: 'desc',
});

describe('migration 024-ledger-target-type', () => {
  it('should index an existing ledger by target type, and list each type, newest first', async () => {
    const dataDir = await newDataDir();
    const old = await databaseAt(dataDir, '023-bulk-revocation-stop');
    await old.insertInto('ledger').values(rows).execute();
    await old.destroy();

    const db = await openMigrated(dataDir);
    try {
      const indexes = onPostgres
        ? await sql<{ name: string }>`select indexname as name from pg_indexes
            where schemaname = current_schema() and tablename = 'ledger'`.execute(db)
        : await sql<{ name: string }>`select name from sqlite_master
            where type = 'index' and tbl_name = 'ledger'`.execute(db);
      expect(indexes.rows.map((r) => r.name)).toContain('ledger_target_type');

      const ledger = new LedgerRepository(db, () => t0 + 60_000, new WriteQueue(db));
      const group = await ledger.list(search(['group']), 25);
      expect(group.rows.map((row) => row.id)).toEqual(idsOf(1));
      expect(group).toMatchObject({ total: 10, capped: false });
      const wider = await ledger.list(search(['group', 'organisation']), 25);
      expect(wider.rows.map((row) => row.id)).toEqual(
        [...idsOf(1), ...idsOf(2)].sort().reverse().slice(0, 25),
      );
      expect(wider.total).toBe(20);
      const evenStreams = await ledger.list(
        { ...search(['streams']), tag: { values: ['even'] } },
        25,
      );
      expect(evenStreams.rows.map((row) => row.id)).toEqual(
        idsOf(0).filter((id) => Number(id.slice(-4)) % 2 === 0),
      );
    } finally {
      await db.destroy();
    }
  });
});

// SQLite only: it reads SQLite's query plans (the PostgreSQL suite runs the migration itself).
describe.skipIf(onPostgres)('migration 024-ledger-target-type (SQLite query plans)', () => {
  it('should page and count a target type through its index, never scanning the ledger', async () => {
    const dataDir = await newDataDir();
    await (await openMigrated(dataDir)).destroy();
    const raw = new SQLite(path.join(dataDir, 'dashboard.sqlite'));
    const queries: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => void queries.push(event.query),
    });
    try {
      await db.insertInto('ledger').values(rows).execute();
      const ledger = new LedgerRepository(db, () => t0 + 60_000, new WriteQueue(db));
      const planOf = (query: CompiledQuery) =>
        (
          raw
            .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
            .all(...(query.parameters as unknown[])) as Array<{ detail: string }>
        )
          .map((step) => step.detail)
          .join('; ');
      for (const types of [['organisation'], ['streams', 'group']] as const) {
        queries.length = 0;
        await ledger.list(search([...types]), 25);
        const page = queries.find((query) => / order by /.test(query.sql));
        const count = queries.find((query) => /count\(/.test(query.sql));
        expect(planOf(page!), types.join()).toMatch(/USING (COVERING )?INDEX ledger_target_type\b/);
        // Each type's newest rows are one range of the index: the ledger itself is never scanned.
        expect(planOf(page!), types.join()).not.toMatch(/SCAN ledger\b/);
        expect(planOf(count!), types.join()).toMatch(
          /USING (COVERING )?INDEX ledger_target_type\b/,
        );
      }
    } finally {
      await db.destroy();
    }
  });
});
