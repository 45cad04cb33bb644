import { describe, expect, it } from 'vitest';
import { LedgerRepository } from '../../src/db/repositories/ledger.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { ledgerRowAt } from '../helpers/ledger-rows.ts';
import { databaseAt, openMigrated } from '../helpers/migrations.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');

const t0 = Date.UTC(2026, 10, 1);
const row = (id: string, offset: number, target: unknown, extra: Record<string, unknown> = {}) =>
  ledgerRowAt(id, t0 + offset, { kind: 'viewer', target: JSON.stringify(target), ...extra });

describe('migration 012-ledger-search-and-retention', () => {
  it('should make the tokens of an existing ledger findable by part of a value, organisation-wide ones too', async () => {
    const dataDir = await newDataDir();
    // A database as the previous release left it, with tokens in it.
    const old = await databaseAt(dataDir, '011-rate-limit-windows');
    await old
      .insertInto('ledger')
      .values([
        row('a', 0, { type: 'streams', streams: ['DmEvt-Press'] }, { tag: 'VIP-Lounge' }),
        row('b', 1000, { type: 'organisation' }, { viewer_user: 'Ümit@Example.com' }),
        row('c', 2000, { type: 'streams', streams: ['DmEvt-Press'] }, { tag: 'VIP-Lounge' }),
      ])
      .execute();
    await old
      .insertInto('ledger_target')
      .values([
        { ledger_id: 'a', value: 'DmEvt-Press', created_at: t0 },
        { ledger_id: 'c', value: 'DmEvt-Press', created_at: t0 + 2000 },
      ])
      .execute();
    await old.destroy();

    const db = await openMigrated(dataDir);
    try {
      const terms = await db
        .selectFrom('ledger_term')
        .select(['field', 'value', 'value_lc', 'seen_at'])
        .orderBy('field')
        .orderBy('value')
        .execute();
      expect(terms.map((t) => ({ ...t, seen_at: Number(t.seen_at) }))).toEqual([
        { field: 'tag', value: 'VIP-Lounge', value_lc: 'vip-lounge', seen_at: t0 + 2000 },
        { field: 'target', value: 'DmEvt-Press', value_lc: 'dmevt-press', seen_at: t0 + 2000 },
        // Lower-cased as JavaScript does, beyond ASCII too.
        {
          field: 'user',
          value: 'Ümit@Example.com',
          value_lc: 'ümit@example.com',
          seen_at: t0 + 1000,
        },
      ]);
      const ledger = new LedgerRepository(db, () => t0 + 60_000, new WriteQueue(db));
      expect(await ledger.terms.lookup('tag', 'p-LOU', 10)).toEqual({ values: ['VIP-Lounge'] });
      expect(await ledger.terms.lookup('user', 'ümit', 10)).toEqual({
        values: ['Ümit@Example.com'],
      });
      const everyStream = await ledger.list(
        { targets: { values: ['*'] }, sort: 'createdAt', order: 'desc' },
        25,
      );
      expect(everyStream.rows.map((r) => r.id)).toEqual(['b']);
    } finally {
      await db.destroy();
    }
  });
});
