import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The event overview's counts, kept as the ledger is written (db/repositories/ledger-rollups.ts)
 * so that its charts read a few hundred small rows, not the ledger, at any ledger size:
 *
 * - `ledger_hourly`: tokens per UTC hour of creation, kind and policy ('' for none). Retention
 *   does not subtract: a removed token was still issued in its hour.
 * - `ledger_minute`: viewer tokens per minute and policy, for the live chart; rows older than
 *   two days are dropped by retention's sweep (they are in `ledger_hourly` too).
 *
 * Rows already in the ledger are counted here once.
 */
export const ledgerRollups: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [table, bucket] of [
      ['ledger_hourly', 'hour'],
      ['ledger_minute', 'minute'],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn(bucket, 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('tokens', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, [bucket, 'kind', 'policy_id'])
        .execute();
    }
    await backfillRollups(db);
  },
};

/** Counts the rows in the ledger now; also used to count a ledger seeded straight into SQL. */
export async function backfillRollups(db: Kysely<unknown>, nowMs = Date.now()) {
  await sql`delete from ledger_hourly`.execute(db);
  await sql`delete from ledger_minute`.execute(db);
  await sql`insert into ledger_hourly (hour, kind, policy_id, tokens)
    select (created_at / 3600000) * 3600000,
      case when batch_id is not null then 'bulk' else kind end, coalesce(policy_id, ''), count(*)
    from ledger group by 1, 2, 3`.execute(db);
  await sql`insert into ledger_minute (minute, kind, policy_id, tokens)
    select (created_at / 60000) * 60000, kind, coalesce(policy_id, ''), count(*)
    from ledger where kind = 'viewer' and created_at >= ${nowMs - 2 * 86_400_000}
    group by 1, 2, 3`.execute(db);
}
