import { sql } from 'kysely';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { dropTestDatabase, onPostgres, postgresUrl, testDatabaseUrl } from '../helpers/database.ts';
import { useTestApp } from '../helpers/fixture.ts';

const { t } = useTestApp();

/** Ends every server connection of the app's database, as a PostgreSQL restart or failover would. */
async function terminateConnections(database: string) {
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

const lost = () =>
  t.logs.filter((line) => line.msg === 'a database connection was lost; it is replaced').length;

// PostgreSQL only: SQLite has no server to lose.
describe.skipIf(!onPostgres)('a PostgreSQL connection ended by the server', () => {
  it('should be logged and replaced, not crash the BFF', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const database = new URL(t.config.databaseUrl?.reveal() ?? '').pathname.slice(1);
    const terminated = await terminateConnections(database);
    expect(terminated).toBeGreaterThan(0);
    // Each idle connection of the pool hears of it; without a listener that is an uncaught error.
    await vi.waitFor(() => expect(lost()).toBe(terminated));
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('should not crash the BFF when the connection ended is in use', async () => {
    const database = new URL(t.config.databaseUrl?.reveal() ?? '').pathname.slice(1);
    // A connection checked out of the pool (as a transaction holds one) between two statements:
    // the pool does not listen to it then, and the error it reports is uncaught without a
    // listener of the connection's own.
    const failed = await t.app.db
      .connection()
      .execute(async (connection) => {
        await sql`select 1`.execute(connection);
        expect(await terminateConnections(database)).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(connection);
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failed).toBeInstanceOf(Error);
    await vi.waitFor(async () =>
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200),
    );
  });

  it('should close its connections when closed before its first query', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-closed-unused-'));
    try {
      const url = (await testDatabaseUrl(dataDir)) as string;
      // Only the migrations have run, on the pool's connection without the statement bound.
      const db = await openDatabase({ dataDir, databaseUrl: url });
      await db.destroy();
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [new URL(url).pathname.slice(1)],
        );
        expect(rows[0]?.n).toBe(0);
      } finally {
        await admin.end();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await dropTestDatabase(dataDir);
    }
  });
});
