import type { Kysely, Migration } from 'kysely';

/** Staff, ledger, audit log and idempotency records, with the indexes the list filters use. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('staff')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_sign_in_at', 'bigint')
      .execute();

    await db.schema
      .createTable('ledger')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('jti', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('policy_id', 'text')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'bigint', (c) => c.notNull())
      .addColumn('not_before', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revocable', 'integer', (c) => c.notNull())
      .addColumn('force_disconnect', 'integer', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('domain', 'text')
      .addColumn('viewer_user', 'text')
      .addColumn('tag', 'text')
      .addColumn('claims', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('revoked_by', 'text')
      .addColumn('encrypted_token', 'text')
      .execute();
    // Every list sorts by created or expiry time; the filters lead their own index so the
    // first page is an index range scan, not a sort of the whole table.
    const ledgerIndexes: Array<[string, string[]]> = [
      ['ledger_created', ['created_at', 'id']],
      ['ledger_expires', ['expires_at', 'id']],
      ['ledger_created_by', ['created_by', 'created_at']],
      ['ledger_tag', ['tag', 'created_at']],
      ['ledger_user', ['viewer_user', 'created_at']],
      ['ledger_policy', ['policy_id', 'created_at']],
      ['ledger_revoked', ['revoked_at']],
    ];
    for (const [name, columns] of ledgerIndexes) {
      await db.schema.createIndex(name).on('ledger').columns(columns).execute();
    }

    await db.schema
      .createTable('ledger_target')
      .addColumn('ledger_id', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('ledger_target_pk', ['value', 'ledger_id'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('ip', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_at').on('audit_log').columns(['at', 'id']).execute();
    await db.schema.createIndex('audit_action').on('audit_log').columns(['action', 'at']).execute();
    await db.schema
      .createIndex('audit_actor')
      .on('audit_log')
      .columns(['actor_id', 'at'])
      .execute();

    await db.schema
      .createTable('idempotency')
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('response', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_pk', ['staff_id', 'scope', 'key'])
      .execute();
    await db.schema
      .createIndex('idempotency_expires')
      .on('idempotency')
      .column('expires_at')
      .execute();
  },
};
