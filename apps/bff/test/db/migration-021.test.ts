import { describe, expect, it } from 'vitest';
import { LedgerRepository } from '../../src/db/repositories/ledger.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { databaseAt, openMigrated } from '../helpers/migrations.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');
const at = Date.UTC(2026, 10, 20, 18, 0);

describe('migration 021-ledger-term-search-keys', () => {
  it('should make values written before findable however their accents or letters were typed', async () => {
    const dataDir = await newDataDir();
    const old = await databaseAt(dataDir, '020-audit-log-lines');
    // As the previous release wrote them: lower-cased only.
    const values = ['Cafe\u0301 Lounge', 'Caf\u00e9 Terrace', '\uff36\uff29\uff30-Box', 'press'];
    await old
      .insertInto('ledger_term')
      .values(
        values.map((value) => ({
          field: 'tag',
          value,
          value_lc: value.toLowerCase(),
          seen_at: at,
        })),
      )
      .execute();
    await old.destroy();

    const db = await openMigrated(dataDir);
    try {
      const terms = await db
        .selectFrom('ledger_term')
        .select(['value', 'value_lc'])
        .where('field', '=', 'tag')
        .execute();
      expect(Object.fromEntries(terms.map((t) => [t.value, t.value_lc]))).toEqual({
        'Cafe\u0301 Lounge': 'caf\u00e9 lounge',
        'Caf\u00e9 Terrace': 'caf\u00e9 terrace',
        '\uff36\uff29\uff30-Box': 'vip-box',
        press: 'press',
      });
      const ledger = new LedgerRepository(db, () => at, new WriteQueue(db));
      const found = async (text: string) =>
        (await ledger.terms.lookup('tag', text, 10)).values.sort();
      // Three characters or more: SQLite asks its trigram table, which followed the update.
      expect(await found('CAF\u00c9')).toEqual(['Cafe\u0301 Lounge', 'Caf\u00e9 Terrace']);
      expect(await found('cafe\u0301 l')).toEqual(['Cafe\u0301 Lounge']);
      expect(await found('vip')).toEqual(['\uff36\uff29\uff30-Box']);
      expect(await found('\u00e9')).toEqual(['Cafe\u0301 Lounge', 'Caf\u00e9 Terrace']);
    } finally {
      await db.destroy();
    }
  });
});
