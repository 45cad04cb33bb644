import type { Kysely, Migration } from 'kysely';

/**
 * Failed sign-ins per throttle key (an account and address, an address, an account, a
 * device): in the database, so replicas sharing it agree on the counts and the waits.
 */
export const signInThrottle: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sign_in_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
      .addColumn('blocked_until', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sign_in_throttle_last_failure')
      .on('sign_in_throttle')
      .column('last_failure_at')
      .execute();
  },
};
