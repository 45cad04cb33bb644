import type { Kysely, Migration } from 'kysely';

/**
 * Recent batches (`GET /api/token-batches`): an editor's own, newest first, by
 * `(created_by, id)` (ids are time-ordered); an admin's list pages the primary key.
 */
export const tokenBatchesByCreator: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('bulk_batch_creator')
      .on('bulk_batch')
      .columns(['created_by', 'id'])
      .execute();
  },
};
