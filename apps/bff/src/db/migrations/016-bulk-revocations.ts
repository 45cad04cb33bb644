import type { Kysely, Migration } from 'kysely';

/**
 * Revoke by filter runs on the server as a job: `bulk_revocation` is the operation (who, which
 * filter, when it finished, a heartbeat that tells a live run from one whose process died),
 * `bulk_revocation_item` one row per token it covers, with what became of it. The counts are
 * read from the items, so a reload, another replica or a retry sees the same truth.
 */
export const bulkRevocations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('bulk_revocation')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('filter', 'text', (c) => c.notNull())
      .addColumn('own_only', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema
      .createTable('bulk_revocation_item')
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('ledger_id', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      .addPrimaryKeyConstraint('bulk_revocation_item_pk', ['job_id', 'ledger_id'])
      .execute();
    await db.schema
      .createIndex('bulk_revocation_item_outcome')
      .on('bulk_revocation_item')
      .columns(['job_id', 'outcome', 'ledger_id'])
      .execute();
  },
};
