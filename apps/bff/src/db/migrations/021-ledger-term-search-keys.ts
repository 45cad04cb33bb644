import { searchKey } from '@ptd/contracts';
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

const BATCH = 1000;

/**
 * The dictionary's search form becomes the search key (`searchKey`: lower case and NFKC), so
 * that a filter finds "café" however its accent was typed, and "ＶＩＰ" as "vip". Only values
 * with a character beyond ASCII can change (NFKC leaves ASCII as it is); they are recomputed in
 * batches. SQLite's trigram table learns to follow an update of the search form.
 */
export const ledgerTermSearchKeys: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    if (!postgres) {
      await sql`create trigger ledger_term_search_update after update of value_lc on ledger_term
        begin
          insert into ledger_term_search (ledger_term_search, rowid, value_lc)
            values ('delete', old.id, old.value_lc);
          insert into ledger_term_search (rowid, value_lc) values (new.id, new.value_lc);
        end`.execute(db);
    }
    // Characters and bytes differ in number exactly when a value holds more than ASCII.
    const beyondAscii = postgres
      ? sql`octet_length(value) <> char_length(value)`
      : sql`length(cast(value as blob)) <> length(value)`;
    let after = { field: '', value: '' };
    for (;;) {
      const { rows } = await sql<{ field: string; value: string; value_lc: string }>`
        select field, value, value_lc from ledger_term
        where ${beyondAscii} and (field > ${after.field}
          or (field = ${after.field} and value > ${after.value}))
        order by field, value limit ${BATCH}`.execute(db);
      for (const row of rows) {
        const key = searchKey(row.value);
        if (key === row.value_lc) continue;
        await sql`update ledger_term set value_lc = ${key}
          where field = ${row.field} and value = ${row.value}`.execute(db);
      }
      const last = rows.at(-1);
      if (!last || rows.length < BATCH) break;
      after = { field: last.field, value: last.value };
    }
  },
};
