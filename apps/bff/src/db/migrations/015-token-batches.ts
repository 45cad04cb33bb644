import type { Kysely, Migration } from 'kysely';

/**
 * Tokens in bulk. A batch (`bulk_batch`) and its rows (`bulk_row`) live on the server, so that
 * minting survives a reload, a lost connection and a restart of the BFF.
 *
 * - `bulk_batch.lease_owner/_until`: the replica working the batch (a lease it renews, as for
 *   Idempotency-Key claims); another takes over once it has run out.
 * - `bulk_row.request`: the row's token request as validated when the batch was created;
 *   `encrypted_token`: the minted token, sealed with the ledger key, until the one download
 *   erases it (or, never downloaded, a week after minting ended: `results_expired_at`).
 *   `(batch_id, state)` finds the next rows to mint and counts them.
 * - `ledger.batch_id`: every token of a batch is in the ledger with it (the overview's Batch
 *   filter pages by `(batch_id, created_at, id)` like the other per-value filters).
 */
export const tokenBatches: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('bulk_batch')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('row_count', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('downloaded_at', 'bigint')
      .addColumn('results_expired_at', 'bigint')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .execute();
    await db.schema
      .createIndex('bulk_batch_state')
      .on('bulk_batch')
      .columns(['state', 'created_at'])
      .execute();
    await db.schema
      .createTable('bulk_row')
      .addColumn('batch_id', 'text', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('request', 'text', (c) => c.notNull())
      .addColumn('viewer_user', 'text')
      .addColumn('tag', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('ledger_id', 'text')
      .addColumn('encrypted_token', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('not_before_ms', 'bigint')
      .addPrimaryKeyConstraint('bulk_row_pk', ['batch_id', 'n'])
      .execute();
    await db.schema
      .createIndex('bulk_row_state')
      .on('bulk_row')
      .columns(['batch_id', 'state', 'n'])
      .execute();
    await db.schema.alterTable('ledger').addColumn('batch_id', 'text').execute();
    await db.schema
      .createIndex('ledger_batch')
      .on('ledger')
      .columns(['batch_id', 'created_at', 'id'])
      .execute();
  },
};
