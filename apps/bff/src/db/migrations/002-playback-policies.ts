import type { Kysely, Migration } from 'kysely';

/**
 * Playback policies. The group id of a group target gets its own indexed column: the public
 * endpoint looks policies up by it (`{ groupid }`).
 */
export const playbackPolicies: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('policy')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text')
      .addColumn('lifetime_minutes', 'integer', (c) => c.notNull())
      .addColumn('bind_ip', 'integer', (c) => c.notNull())
      .addColumn('allow_ipv6_without_binding', 'integer', (c) => c.notNull())
      .addColumn('allowed_origins', 'text', (c) => c.notNull())
      .addColumn('revocable', 'integer', (c) => c.notNull())
      .addColumn('force_disconnect', 'integer', (c) => c.notNull())
      .addColumn('tag', 'text')
      .addColumn('identity_mode', 'text', (c) => c.notNull())
      .addColumn('identity_secret', 'text')
      .addColumn('identity_jwks_url', 'text')
      .addColumn('identity_issuer', 'text')
      .addColumn('identity_audience', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('policy_group').on('policy').columns(['group_id']).execute();
    await db.schema
      .createIndex('policy_enabled')
      .on('policy')
      .columns(['enabled', 'updated_at'])
      .execute();
  },
};
