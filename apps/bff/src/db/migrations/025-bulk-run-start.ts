import { sql, type Kysely, type Migration } from 'kysely';

/**
 * When the current run of a batch (`bulk_batch`) or a revoke by filter (`bulk_revocation`)
 * began, and how many of its rows or tokens were settled then: a retry, minting a batch's
 * cancelled rows, or a worker that takes the job over (another replica, a restart) begins a
 * new run, and "at this pace, done in …" counts from there. Existing jobs' run began at their
 * creation with nothing settled.
 */
export const bulkRunStart: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['bulk_batch', 'bulk_revocation']) {
      await db.schema
        .alterTable(table)
        .addColumn('run_started_at', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable(table)
        .addColumn('run_settled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update ${sql.table(table)} set run_started_at = created_at`.execute(db);
    }
  },
};
