import { sql, type Kysely, type Migration } from 'kysely';
import { onPostgres } from '../dialect.ts';

/**
 * The target type filter (a stream, a stream group, the whole organisation): `target_type`,
 * the first letter of the type in the stored target JSON (`{"type":"streams"…`), computed by
 * the database for every row, and its index with the creation time, so that a type's newest
 * tokens are one backward range of the index and a count reads the index alone, as for the
 * other filters (decision 010); each new row lands at the end of its type's range.
 * A column rather than an index on the expression: PostgreSQL counts through an index alone
 * only when every column the query names is in it, and `target` is not. PostgreSQL stores it
 * (the table is rewritten once); SQLite, which cannot add a stored one, computes it on read,
 * and its index holds it.
 */
export const ledgerTargetType: Migration = {
  async up(db: Kysely<unknown>) {
    const kind = sql.raw(onPostgres(db) ? 'stored' : 'virtual');
    await sql`alter table ledger add column target_type text
      generated always as (substr(target, 10, 1)) ${kind}`.execute(db);
    await db.schema
      .createIndex('ledger_target_type')
      .on('ledger')
      .columns(['target_type', 'created_at', 'id'])
      .execute();
  },
};
