import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Which run of a revoke by filter holds it now (`run_id`, set by its creation, a retry and a
 * runner taking it over): its heartbeat, its tokens' outcomes and its end are written only
 * while the job is still that run's, so a runner that stalled past STALE_MS and recovers after
 * another replica took the job over stops instead of running beside it. Existing jobs have
 * none until they are run again. Who runs it now (`run_by`): its starter, or the staff member
 * who retried it last, as whom a replica that takes it over goes on; existing jobs' starter.
 */
export const bulkRevocationRun: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('bulk_revocation').addColumn('run_id', 'text').execute();
    await db.schema.alterTable('bulk_revocation').addColumn('run_by', 'text').execute();
    await sql`update bulk_revocation set run_by = created_by`.execute(db);
  },
};
