import type { Kysely, Migration } from 'kysely';

/**
 * Single sign-on: a staff member provisioned by an OpenID provider is known by the provider's
 * issuer and subject (`sub` is unique per issuer only, and stays when the email changes).
 * Such an account has no local password (`password_hash` is empty and never verifies).
 */
export const singleSignOn: Migration = {
  async up(db: Kysely<unknown>) {
    // One column per statement: SQLite adds only one at a time.
    await db.schema.alterTable('staff').addColumn('sso_issuer', 'text').execute();
    await db.schema.alterTable('staff').addColumn('sso_subject', 'text').execute();
    // Unique: two replicas provisioning the same person at once create one account.
    await db.schema
      .createIndex('staff_sso_identity')
      .unique()
      .on('staff')
      .columns(['sso_issuer', 'sso_subject'])
      .execute();
  },
};
