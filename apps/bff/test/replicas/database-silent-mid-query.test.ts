import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp, type BffProcess } from '../helpers/bff-process.ts';
import {
  startBffBehindRelay,
  startDatabaseRelay,
  type BffBehindRelay,
} from '../helpers/database-relay.ts';
import { onPostgres } from '../helpers/database.ts';
import { http, type HttpAnswer } from '../helpers/http-session.ts';
import { policyOverHttp } from '../helpers/policies.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { isDatabaseUnavailable } from '../../src/db/unavailable.ts';

/**
 * The database stops answering on connections the pool already holds: its host is gone or the
 * network drops every packet, and nothing is closed or reset. A query sent on such a connection
 * gets no answer and no error until the operating system gives up on the connection (11–15
 * minutes of retransmissions). Requests that pick such a connection must be answered 503 within
 * the query bound, the connection must never be used again, and the BFF must be back by itself
 * once the address answers.
 */

const CONNECT_TIMEOUT_MS = 1_500;
const QUERY_TIMEOUT_MS = 2_000;
/** The pool's size (connect.ts). */
const POOL_SIZE = 10;
/** What a request may take beyond the bound: a connection attempt after it, a busy machine. */
const SLACK_MS = CONNECT_TIMEOUT_MS + 2_500;
const GIVE_UP_MS = 20_000;
/** A viewer's answer while the database goes silent: one bound, and a busy machine's slack. */
const VIEWER_MS = Math.max(CONNECT_TIMEOUT_MS, QUERY_TIMEOUT_MS) + 1_000;
/**
 * Viewers' answers once the database is known not to answer: none waits for a bound (the
 * shortest is the connection's), and the middle one takes milliseconds, on a busy machine too.
 */
const KNOWN_DOWN_SLOWEST_MS = Math.min(CONNECT_TIMEOUT_MS, QUERY_TIMEOUT_MS) - 500;
const KNOWN_DOWN_MEDIAN_MS = 100;

let relay: BffBehindRelay['relay'];
let bff: BffProcess;
let dataDir: string;
let direct: URL;
let running: BffBehindRelay | undefined;

beforeAll(async () => {
  if (!onPostgres) return;
  running = await startBffBehindRelay({
    DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
  });
  ({ relay, bff, dataDir, direct } = running);
}, 60_000);

afterAll(async () => {
  await running?.close();
}, 30_000);

/** The answer and how long it took, or `undefined` if none came within GIVE_UP_MS. */
async function timed<T>(request: () => Promise<HttpAnswer<T>>) {
  const started = Date.now();
  const answer = await Promise.race([
    request(),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), GIVE_UP_MS).unref()),
  ]);
  return { answer, ms: Date.now() - started };
}

/** A statement on the test database, past the relay. */
async function directly<R extends pg.QueryResultRow>(text: string) {
  const client = new pg.Client({ connectionString: direct.toString() });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Tokens handed out (issued) with this tag, read directly from PostgreSQL. */
async function issuedTagged(tag: string) {
  const client = new pg.Client({ connectionString: direct.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from ledger where tag = $1 and state = 'issued'",
      [tag],
    );
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe.skipIf(!onPostgres)('the database going silent on connections in use', () => {
  it('should answer 503 database-unavailable within the query bound, drop those connections and be back by itself', async () => {
    const admin = await signInOverHttp(bff.url);
    const { viewer } = await policyOverHttp(bff.url, admin, 'Silent database');
    expect((await viewer()).status).toBe(200);
    // Warm the pool: several connections open and idle.
    const warm = await Promise.all(
      Array.from({ length: 6 }, () => http(bff.url, admin, 'GET', '/api/session')),
    );
    expect(warm.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(relay.openConnections()).toBeGreaterThanOrEqual(2);

    relay.stall();
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        timed(() => http<{ code: string }>(bff.url, admin, 'GET', '/api/session')),
      ),
      timed(() =>
        http<{ code: string }>(
          bff.url,
          admin,
          'POST',
          '/api/tokens',
          tokenRequest({ tag: 'cut' }),
          {
            'idempotency-key': randomUUID(),
          },
        ),
      ),
    ]);
    // Viewers are served from the policy copy, their rows held behind the answer (decision 020).
    const viewers = await Promise.all([timed(viewer), timed(viewer)]);
    const viewerSummary = viewers.map(({ answer, ms }) =>
      answer ? `${answer.status} after ${ms} ms` : `no answer in ${ms} ms`,
    );
    console.info(`viewers while the database was silent: ${viewerSummary.join('; ')}`);
    for (const { answer, ms } of viewers) {
      expect(answer?.status, viewerSummary.join('; ')).toBe(200);
      // One bound at most (the first statement that finds the database gone), not one per
      // statement: the policy copy and both rate-limit counts then skip it.
      expect(ms, viewerSummary.join('; ')).toBeLessThan(VIEWER_MS);
    }
    // Known down: viewers are answered at once, while one request a second tries the database.
    const later: Awaited<ReturnType<typeof timed<{ code?: string }>>>[] = [];
    for (let end = Date.now() + 2_500; Date.now() < end;) {
      later.push(await timed(viewer));
      // Well under the 20 a minute one address may ask for.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const times = later.map(({ ms }) => ms).sort((a, b) => a - b);
    const laterSummary = `${later.length} viewers after that, answered after ${times.join(', ')} ms`;
    console.info(laterSummary);
    expect(later.map(({ answer }) => answer?.status)).toEqual(Array(later.length).fill(200));
    expect(times.at(-1), laterSummary).toBeLessThan(KNOWN_DOWN_SLOWEST_MS);
    expect(times[Math.floor(times.length / 2)], laterSummary).toBeLessThan(KNOWN_DOWN_MEDIAN_MS);
    const summary = answers.map(({ answer, ms }) =>
      answer
        ? `${answer.status} ${answer.body?.code ?? ''} after ${ms} ms`
        : `no answer in ${ms} ms`,
    );
    console.info(`while the database was silent: ${summary.join('; ')}`);
    for (const { answer, ms } of answers) {
      expect(answer, summary.join('; ')).toBeDefined();
      expect(answer?.status).toBe(503);
      expect(answer?.headers.get('retry-after')).toBe('2');
      expect(ms).toBeLessThan(QUERY_TIMEOUT_MS + SLACK_MS);
    }
    expect(answers.slice(0, 4).map(({ answer }) => answer?.body.code)).toEqual(
      Array(4).fill('database-unavailable'),
    );
    // The connections that swallowed a query are closed, not kept for the next request.
    await expect.poll(() => relay.droppedAndStillOpen(), { timeout: 2_000 }).toBe(0);

    relay.answerAgain();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await http(bff.url, admin, 'GET', '/api/session')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    // The viewer rows held meanwhile are written by themselves.
    await expect
      .poll(
        async () =>
          (await http<{ viewerRowsWaiting: number }>(bff.url, admin, 'GET', '/readyz')).body
            .viewerRowsWaiting,
        { timeout: 10_000 },
      )
      .toBe(0);
    expect(await directly("select id from ledger where kind = 'viewer'")).toHaveLength(
      3 + later.length,
    );
    // Every connection the pool uses now answers: none carries an answer meant for another query.
    const after = await Promise.all(
      Array.from({ length: 12 }, () => http(bff.url, admin, 'GET', '/api/session')),
    );
    expect(after.map((a) => a.status)).toEqual(Array(12).fill(200));
    const created = await http<{ id: string }>(
      bff.url,
      admin,
      'POST',
      '/api/tokens',
      tokenRequest({ tag: 'after' }),
      { 'idempotency-key': randomUUID() },
    );
    expect(created.status).toBe(201);
    // The token creation cut mid-way left no token behind it.
    expect(await issuedTagged('cut')).toBe(0);
    expect(bff.child.exitCode).toBeNull();
  }, 90_000);

  it('should fail a transaction cut mid-way at once, leave nothing of it and never hand its connection out again', async () => {
    const transactionRelay = startDatabaseRelay({
      host: direct.hostname,
      port: Number(direct.port),
    });
    const relayed = new URL(direct);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(await transactionRelay.listen());
    const db = await openDatabase({
      dataDir,
      databaseUrl: relayed.toString(),
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      queryTimeoutMs: QUERY_TIMEOUT_MS,
    });
    try {
      await sql`create table cut_probe (id int primary key)`.execute(db);
      // A transaction the server has no statement for ends after a minute, however it was left.
      const { rows } = await sql<{
        idle_in_transaction_session_timeout: string;
      }>`show idle_in_transaction_session_timeout`.execute(db);
      expect(rows[0]?.idle_in_transaction_session_timeout).toBe('1min');

      const started = Date.now();
      let backend: number | undefined;
      const outcome = await db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into cut_probe values (1)`.execute(trx);
          ({ backend } = (
            await sql<{ backend: number }>`select pg_backend_pid() as backend`.execute(trx)
          ).rows[0]!);
          transactionRelay.stall();
          await sql`insert into cut_probe values (2)`.execute(trx);
        })
        .then(
          () => 'committed',
          (error: unknown) => error,
        );
      // The rollback after the cut is not sent on the dead connection: no second wait.
      expect(Date.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
      expect(isDatabaseUnavailable(outcome), String(outcome)).toBe(true);
      expect(await directly('select id from cut_probe')).toEqual([]);

      transactionRelay.answerAgain();
      // The server hears of the closed connection and rolls its transaction back. (Only this
      // transaction's session: the cluster also holds the other test's replica.)
      await expect
        .poll(
          async () =>
            (
              await directly<{ n: string }>(
                `select count(*) as n from pg_stat_activity where pid = ${Number(backend)}`,
              )
            )[0]?.n,
          { timeout: 5_000 },
        )
        .toBe('0');
      // Had the connection gone back to the pool, a statement on it would see the row it inserted.
      const seen = await Promise.all(
        Array.from({ length: 10 }, () =>
          sql<{ n: string }>`select count(*) as n from cut_probe`.execute(db),
        ),
      );
      expect(seen.map((r) => Number(r.rows[0]?.n))).toEqual(Array(10).fill(0));
      expect(await directly('select id from cut_probe')).toEqual([]);
    } finally {
      await sql`drop table if exists cut_probe`.execute(db).catch(() => {});
      await db.destroy();
      await transactionRelay.close();
    }
  }, 60_000);
  it('should answer requests queued behind the silent connections database-unavailable, not busy', async () => {
    const admin = await signInOverHttp(bff.url);
    // Every connection of the pool open (10, connect.ts), each then taking a request.
    for (let round = 0; round < 20 && relay.openConnections() < POOL_SIZE; round += 1) {
      await Promise.all(
        Array.from({ length: 3 * POOL_SIZE }, () => http(bff.url, admin, 'GET', '/api/session')),
      );
    }
    expect(relay.openConnections()).toBeGreaterThanOrEqual(POOL_SIZE);

    relay.stall();
    // The first ten wait on their statements, the rest for a connection: those give up first
    // (DATABASE_CONNECT_TIMEOUT_MS), while no statement has been answered.
    const answers = await Promise.all(
      Array.from({ length: POOL_SIZE + 4 }, () =>
        timed(() => http<{ code: string }>(bff.url, admin, 'GET', '/api/session')),
      ),
    );
    const summary = answers.map(({ answer, ms }) =>
      answer
        ? `${answer.status} ${answer.body?.code ?? ''} after ${ms} ms`
        : `no answer in ${ms} ms`,
    );
    console.info(`a full pool while the database was silent: ${summary.join('; ')}`);
    expect(
      answers.map(({ answer }) => answer?.body?.code),
      summary.join('; '),
    ).toEqual(Array(POOL_SIZE + 4).fill('database-unavailable'));

    relay.answerAgain();
    await expect
      .poll(async () => (await http(bff.url, admin, 'GET', '/api/session')).status, {
        timeout: 10_000,
      })
      .toBe(200);
    expect(bff.child.exitCode).toBeNull();
  }, 60_000);
});
