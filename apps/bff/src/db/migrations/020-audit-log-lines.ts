import { sql, type Kysely, type Migration } from 'kysely';

/**
 * When an audit entry was written to the log as well (`AUDIT_LOG_LINES`), so that each replica
 * can find the entries no one has written yet. Entries from before are in the audit log and its
 * export; the log gets those from this version on.
 */
export const auditLogLines: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_log').addColumn('logged_at', 'bigint').execute();
    await sql`UPDATE audit_log SET logged_at = at`.execute(db);
    await db.schema
      .createIndex('audit_log_not_logged')
      .on('audit_log')
      .column('id')
      .where(sql.ref('logged_at'), 'is', null)
      .execute();
  },
};
