import { sql, type Kysely, type Migration } from 'kysely';
import { onPostgres } from '../dialect.ts';

/**
 * The ledger's `jti` loses its unique index for an index on (issued_at, jti).
 *
 * A jti is a random UUID chosen by the token service, so every new row landed on a random leaf
 * page of the unique index: each commit wrote one page of that index per row, and the share
 * grew with the ledger (in a batch of 85 viewer rows on SQLite, 76–78 µs of CPU per row at
 * 320,000 rows against 38–42 µs with this index). Led by the issue time, new rows land on the
 * last pages, like the other time-ordered indexes (see `appendOnlyId`).
 *
 * What the unique index gave is kept: a token is looked up by its claims' `iat` and `jti`
 * (inspection), and no two rows share an id (the primary key; a jti is only ever recorded with
 * the attempt row whose id it completes). jti values stay as they were.
 *
 * SQLite cannot drop a column's UNIQUE: the table is rebuilt with the same columns and every
 * other index, in one transaction, once (20 s for 1,000,000 rows on the bench machine, before
 * the BFF is ready).
 */
export const ledgerJtiByIssueTime: Migration = {
  async up(db: Kysely<unknown>) {
    if (onPostgres(db)) {
      const constraints = await sql<{ name: string }>`
        select c.conname as name from pg_constraint c
        join pg_class t on t.oid = c.conrelid
        join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = current_schema() and t.relname = 'ledger' and c.contype = 'u'
          and c.conkey = array[(select a.attnum from pg_attribute a
            where a.attrelid = t.oid and a.attname = 'jti')]::int2[]`.execute(db);
      for (const { name } of constraints.rows) {
        await sql`alter table ledger drop constraint ${sql.id(name)}`.execute(db);
      }
      await issuedJtiIndex(db);
    } else {
      await rebuildWithoutUniqueJti(db);
    }
  },
};

const issuedJtiIndex = (db: Kysely<unknown>) =>
  db.schema
    .createIndex('ledger_issued_jti')
    .ifNotExists()
    .on('ledger')
    .columns(['issued_at', 'jti'])
    .execute();

const UNIQUE_JTI = '"jti" text not null unique';
const PLAIN_JTI = '"jti" text not null';

/**
 * One transaction for the table and its indexes. Kysely records a SQLite migration as done only
 * after it returns, outside that transaction: a process stopped in between runs it again on
 * its next start, and finds the table already rebuilt.
 */
async function rebuildWithoutUniqueJti(db: Kysely<unknown>) {
  await db.transaction().execute(async (trx) => {
    const table = await sql<{ sql: string }>`
      select sql from sqlite_master where type = 'table' and name = 'ledger'`.execute(trx);
    const create = table.rows[0]?.sql ?? '';
    if (create.includes(UNIQUE_JTI)) {
      const indexes = await sql<{ sql: string }>`
        select sql from sqlite_master
        where type = 'index' and tbl_name = 'ledger' and sql is not null`.execute(trx);
      const rebuilt = create
        .replace(/^CREATE TABLE "ledger"/i, 'create table "ledger_rebuilt"')
        .replace(UNIQUE_JTI, PLAIN_JTI);
      await sql.raw(rebuilt).execute(trx);
      await sql`insert into ledger_rebuilt select * from ledger`.execute(trx);
      await sql`drop table ledger`.execute(trx);
      await sql`alter table ledger_rebuilt rename to ledger`.execute(trx);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(trx);
    } else if (!create.includes(PLAIN_JTI)) {
      throw new Error(`ledger: expected the column ${UNIQUE_JTI}, found: ${create}`);
    }
    await issuedJtiIndex(trx);
  });
}
