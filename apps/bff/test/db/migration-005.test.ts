import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrationProvider } from '../../src/db/migrations/index.ts';
import { PolicyRepository } from '../../src/db/repositories/policies.ts';
import { toPolicy } from '../../src/db/repositories/policy-record.ts';
import type { Database } from '../../src/db/schema.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');

const policyRow = (id: string, hosts: string[], jwksUrl: string | null) => ({
  id,
  name: id,
  target: JSON.stringify({ type: 'organisation' }),
  group_id: null,
  lifetime_minutes: 30,
  bind_ip: 1,
  allow_ipv6_without_binding: 0,
  allowed_origins: JSON.stringify(hosts),
  revocable: 1,
  force_disconnect: 0,
  tag: null,
  identity_mode: jwksUrl ? ('jwks' as const) : ('none' as const),
  identity_secret: null,
  identity_jwks_url: jwksUrl,
  identity_issuer: null,
  identity_audience: null,
  enabled: 1,
  created_by: null,
  created_at: 0,
  updated_by: null,
  updated_at: 0,
});

describe('migration 005-policy-origins-and-keys', () => {
  it('should turn the host names of existing policies into their https origins', async () => {
    const dataDir = await newDataDir();
    // A database as the previous release left it: migrated up to 004, with policies in it.
    const old = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(path.join(dataDir, 'dashboard.sqlite')) }),
    });
    const migrated = await new Migrator({
      db: old,
      provider: migrationProvider,
    }).migrateTo('004-ledger-target-created');
    expect(migrated.error).toBeUndefined();
    await old
      .insertInto('policy')
      .values([
        policyRow('shop', ['shop.example.com', 'tv.example.org'], null),
        policyRow('keys', ['press.example.org'], 'https://auth.example.com/jwks.json'),
      ])
      .execute();
    await old.destroy();

    const db = await openDatabase({ dataDir });
    try {
      const policies = new PolicyRepository(db);
      const shop = await policies.byId('shop');
      expect(shop && toPolicy(shop).allowedOrigins).toEqual([
        'https://shop.example.com',
        'https://tv.example.org',
      ]);
      expect(await policies.anyEnabledAllows('https://tv.example.org')).toBe(true);
      expect(await policies.anyEnabledAllows('http://tv.example.org')).toBe(false);
      // Saved before keys were checked: none recorded until the next save.
      const keys = await policies.byId('keys');
      expect(keys && toPolicy(keys).identity).toMatchObject({ mode: 'jwks', keys: [] });
    } finally {
      await db.destroy();
    }
  });
});
