import type { Kysely, Migration } from 'kysely';

/**
 * Which run of a revoke by filter holds it now (`run_id`, set by its creation, a retry and a
 * runner taking it over): its heartbeat, its tokens' outcomes and its end are written only
 * while the job is still that run's, so a runner that stalled past STALE_MS and recovers after
 * another replica took the job over stops instead of running beside it. Existing jobs have
 * none until they are run again.
 */
export const bulkRevocationRun: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('bulk_revocation').addColumn('run_id', 'text').execute();
  },
};
