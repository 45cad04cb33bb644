import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, serverStatementTimeoutMs, withStartupLock } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';
import { dropTestDatabase, onPostgres, testDatabaseUrl } from '../helpers/database.ts';

/**
 * A statement the BFF gave up on (DATABASE_QUERY_TIMEOUT_MS) while it waited on a lock is
 * ended by the server shortly after, not left queued behind the lock; migrations and the
 * start-up lock, which share the connections, wait without a bound.
 */

const QUERY_TIMEOUT_MS = 800;
/** The start-up lock (`withStartupLock`): held by another replica while it migrates. */
const STARTUP_LOCK = 7_212_604_031;

let dataDir: string;
let url: string;
let db: Kysely<Database>;

/** A connection of the test's own, past the BFF's pool. */
async function direct() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

beforeAll(async () => {
  if (!onPostgres) return;
  dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-statement-timeout-'));
  url = (await testDatabaseUrl(dataDir)) as string;
  db = await openDatabase({ dataDir, databaseUrl: url, queryTimeoutMs: QUERY_TIMEOUT_MS });
  await sql`create table lock_probe (id int primary key)`.execute(db);
});

afterAll(async () => {
  if (!onPostgres) return;
  await db?.destroy();
  await dropTestDatabase(dataDir);
  await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!onPostgres)('statements bounded on the server too', () => {
  it('should end on the server a statement cut by DATABASE_QUERY_TIMEOUT_MS while it waited on a lock', async () => {
    const holder = await direct();
    const watcher = await direct();
    try {
      await holder.query('begin');
      await holder.query('lock table lock_probe in access exclusive mode');
      const started = Date.now();
      const outcome = await sql`select count(*) from lock_probe /* waits */`.execute(db).then(
        () => 'answered',
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(outcome), String(outcome)).toBe(true);
      expect(Date.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 500);
      const waiting = async () =>
        (
          await watcher.query<{ n: number }>(
            "select count(*)::int as n from pg_stat_activity where query like '%/* waits */%' and pid <> pg_backend_pid()",
          )
        ).rows[0]?.n;
      // The server ends it by itself, shortly after the client's bound, with the lock still held.
      const ended = Date.now();
      let left = await waiting();
      while (left !== 0 && Date.now() - ended < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = await waiting();
      }
      expect(left).toBe(0);
      expect(Date.now() - started).toBeLessThan(serverStatementTimeoutMs(QUERY_TIMEOUT_MS) + 1_000);
    } finally {
      await holder.query('rollback').catch(() => {});
      await holder.end();
      await watcher.end();
    }
  });

  it('should wait for the start-up lock without a bound, and leave no connection without one', async () => {
    const holder = await direct();
    try {
      await holder.query('select pg_advisory_lock($1)', [STARTUP_LOCK]);
      // Another replica migrates for three times the statement bound.
      const releasing = new Promise((resolve) => setTimeout(resolve, 3 * QUERY_TIMEOUT_MS)).then(
        () => holder.query('select pg_advisory_unlock($1)', [STARTUP_LOCK]),
      );
      const ran = await withStartupLock(db, async () => 'migrated');
      expect(ran).toBe('migrated');
      await releasing;
    } finally {
      await holder.end();
    }
    // Every connection of the pool (10), the one that waited for the lock included, bounds
    // the app's statements again.
    const settings = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(
            trx,
          );
          await sql`select pg_sleep(0.2)`.execute(trx);
          return rows[0]?.statement_timeout;
        }),
      ),
    );
    expect(settings).toEqual(Array(10).fill(`${serverStatementTimeoutMs(QUERY_TIMEOUT_MS)}ms`));
  });
});
