import type { Kysely, Migration } from 'kysely';

/**
 * Stop revoking: who stopped a revoke by filter and when. The runner reads it before each token
 * and leaves the rest as they are, each item then `stopped` (not revoked, not pending).
 */
export const bulkRevocationStop: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('bulk_revocation').addColumn('stopped_by', 'text').execute();
    await db.schema.alterTable('bulk_revocation').addColumn('stopped_at', 'bigint').execute();
  },
};
