import type { Kysely, Migration } from 'kysely';

/**
 * When the person behind a session last proved themselves (sign-in, or confirming with the
 * password, the code or the provider since): sensitive routes want a recent proof (decision
 * 022). Sessions begun before this column existed count their sign-in (`created_at`).
 */
export const sessionProof: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('staff_session').addColumn('proved_at', 'bigint').execute();
  },
};
