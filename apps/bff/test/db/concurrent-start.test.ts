import { Migrator, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../helpers/app.ts';
import { Client } from '../helpers/client.ts';
import { bareTestDb, onPostgres } from '../helpers/database.ts';
import { useTestUpstream } from '../helpers/fixture.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';

const { emulator } = useTestUpstream();

const newDataDir = useTestDataDirs('ptd-replicas-');
const apps: TestApp[] = [];
// Registered after the data directories' hook, so it runs first: apps close before their data goes.
afterEach(async () => {
  await Promise.all(apps.splice(0).map((t) => t.close()));
});

/** Three replicas started at the same moment on one fresh database. */
async function startReplicas(env: Record<string, string | undefined>) {
  const dataDir = await newDataDir();
  const outcomes = await Promise.allSettled(
    [1, 2, 3].map(() =>
      createTestApp({
        upstreamUrl: emulator.url,
        dataDir,
        keepDataDir: true,
        env,
        blankDatabase: true,
      }),
    ),
  );
  for (const outcome of outcomes) if (outcome.status === 'fulfilled') apps.push(outcome.value);
  return outcomes;
}

const staffCount = async (t: TestApp) =>
  (await t.app.db.selectFrom('staff').select(['email', 'role']).execute()).length;

describe('replicas starting together on a fresh database', () => {
  it('should all start, with one first admin from ADMIN_EMAIL whose password works on each', async () => {
    const outcomes = await startReplicas({});
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
    expect(await staffCount(apps[0] as TestApp)).toBe(1);
    for (const t of apps) {
      expect((await new Client(t.app).signIn(ADMIN.email, ADMIN.password)).statusCode).toBe(200);
    }
  });

  it('should all start without ADMIN_EMAIL, and exactly one of them hands out a generated password', async () => {
    const outcomes = await startReplicas({ ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined });
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    expect(await staffCount(apps[0] as TestApp)).toBe(1);
    const generated = apps.flatMap((t) =>
      t.app.adminBootstrap.generatedPassword ? [t.app.adminBootstrap] : [],
    );
    expect(generated).toHaveLength(1);
    const { email, generatedPassword } = generated[0] as (typeof generated)[number];
    // It opens the first admin's password form once, on any replica; then it is spent on all.
    const answers = [];
    for (const t of apps) {
      const signIn = await new Client(t.app).signIn(email, generatedPassword?.reveal() ?? '');
      answers.push(signIn.statusCode === 200 ? signIn.json().pending : signIn.statusCode);
    }
    expect(answers).toEqual(['change-password', 401, 401]);
  });
});

describe.skipIf(!onPostgres)('a database shared with another application (PostgreSQL)', () => {
  it('should start when another schema of the database has migration tables of its own', async () => {
    const dataDir = await newDataDir('ptd-schema-');
    // Another application, migrated with Kysely into a schema of its own.
    const other = await bareTestDb<unknown>(dataDir);
    try {
      const { error } = await new Migrator({
        db: other as Kysely<unknown>,
        provider: { getMigrations: async () => ({}) },
        migrationTableSchema: 'other_app',
      }).migrateToLatest();
      expect(error).toBeUndefined();
    } finally {
      await other.destroy();
    }
    const t = await createTestApp({ upstreamUrl: emulator.url, dataDir, keepDataDir: true });
    apps.push(t);
    expect((await new Client(t.app).signIn(ADMIN.email, ADMIN.password)).statusCode).toBe(200);
  });
});
