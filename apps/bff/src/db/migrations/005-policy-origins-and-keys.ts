import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Allowed sites become origins (scheme, host, port): CORS and the token endpoint compare the
 * whole origin, so a stored host name means its https origin, as the policy form now says.
 * And a JWKS policy keeps the keys found at its URL when it was saved, for staff to see.
 */
export const policyOriginsAndKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('policy').addColumn('identity_jwks_keys', 'text').execute();
    const rows = await sql<{ id: string; allowed_origins: string }>`
      select id, allowed_origins from policy`.execute(db);
    for (const row of rows.rows) {
      const hosts = JSON.parse(row.allowed_origins) as string[];
      const origins = hosts.map((host) => (host.includes('://') ? host : `https://${host}`));
      await sql`update policy set allowed_origins = ${JSON.stringify(origins)}
        where id = ${row.id}`.execute(db);
    }
  },
};
