import type { Kysely, Migration } from 'kysely';

/**
 * Staff sessions on the server: the cookie names a session, this table says whether it is
 * still live. Only a hash of the cookie's secret is kept, so a copy of the database opens no
 * session. Rows are purged a while after they ended or went idle (services/sessions/purge.ts).
 */
export const staffSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('staff_session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('end_reason', 'text')
      .addColumn('ended_by', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema
      .createIndex('staff_session_staff')
      .on('staff_session')
      .columns(['staff_id', 'last_seen_at'])
      .execute();
    await db.schema
      .createIndex('staff_session_last_seen')
      .on('staff_session')
      .column('last_seen_at')
      .execute();
  },
};
