import type { Kysely, Migration } from 'kysely';

/**
 * Passwords and two-factor sign-in.
 *
 * - `staff`: the first admin's must-change flag; the TOTP secret (sealed with LEDGER_KEY), when
 *   it was confirmed and the last time step accepted (a code is good once); a secret being
 *   enrolled, until its first code confirms it.
 * - `recovery_code`: salted hashes of one-time recovery codes.
 * - `password_reset`: set-password links, by the SHA-256 of their secret; one use, one hour.
 * - `sign_in_pending`: a sign-in whose password was right and which still needs a step (code,
 *   enrolment, new password). No session exists meanwhile; the cookie names this record.
 */
export const credentials: Migration = {
  async up(db: Kysely<unknown>) {
    const staff = () => db.schema.alterTable('staff');
    // One column per statement: SQLite adds only one at a time.
    await staff()
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await staff().addColumn('password_changed_at', 'bigint').execute();
    await staff().addColumn('totp_secret', 'text').execute();
    await staff().addColumn('totp_enabled_at', 'bigint').execute();
    await staff().addColumn('totp_last_step', 'bigint').execute();
    await staff().addColumn('totp_pending_secret', 'text').execute();

    await db.schema
      .createTable('recovery_code')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('recovery_code_staff')
      .on('recovery_code')
      .column('staff_id')
      .execute();

    await db.schema
      .createTable('password_reset')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('password_reset_staff')
      .on('password_reset')
      .column('staff_id')
      .execute();

    await db.schema
      .createTable('sign_in_pending')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sign_in_pending_staff')
      .on('sign_in_pending')
      .column('staff_id')
      .execute();
    await db.schema
      .createIndex('sign_in_pending_expires')
      .on('sign_in_pending')
      .column('expires_at')
      .execute();
  },
};
