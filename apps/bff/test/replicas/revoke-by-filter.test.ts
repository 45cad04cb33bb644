import type { BulkRevocation, BulkRevocationPreview } from '@ptd/contracts';
import { sql, type Kysely } from 'kysely';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInOverHttp } from '../helpers/bff-process.ts';
import type { Database } from '../../src/db/schema.ts';
import { STALE_MS } from '../../src/services/tokens/bulk-revoke-run.ts';
import { bareTestDb, onPostgres } from '../helpers/database.ts';
import { http, type HttpSession } from '../helpers/http-session.ts';
import { startReplicaSet, type ReplicaSet } from '../helpers/replica-set.ts';
import { tokenRequest } from '../helpers/tokens.ts';

/** The token service this far away, so that a revoke by filter is still running when stopped. */
const UPSTREAM_MS = 150;
const TOKENS = 240;

let set: ReplicaSet;
let admin: HttpSession;

beforeAll(async () => {
  if (!onPostgres) return;
  set = await startReplicaSet(
    2,
    { TOKEN_CREATE_RATE_PER_MINUTE: '10000' },
    { EMULATOR_LATENCY_MS: String(UPSTREAM_MS) },
  );
  admin = await signInOverHttp(set.replicas[0]!.url);
}, 90_000);
afterAll(async () => {
  await set?.close();
}, 30_000);
// Each test stops replica A; the next one finds it running again, whether or not this one passed.
afterEach(async () => {
  const child = set?.replicas[0]?.child;
  if (child && (child.exitCode !== null || child.signalCode !== null)) await set.restart(0);
}, 60_000);

async function createTagged(url: string, tag: string) {
  for (let i = 0; i < TOKENS; i += 40) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(40, TOKENS - i) }, () =>
        http(url, admin, 'POST', '/api/tokens', tokenRequest({ tag, revocable: true })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
  }
}

const job = async (url: string, id: string) =>
  (await http<BulkRevocation>(url, admin, 'GET', `/api/tokens/revocations/${id}`)).body;

/** Starts a revoke by filter of `tag` on `url` and waits until some of it is done. */
async function startedAndUnderWay(url: string, tag: string) {
  const preview = await http<BulkRevocationPreview>(
    url,
    admin,
    'GET',
    `/api/tokens/revocations/preview?tag=${tag}`,
  );
  expect(preview.body.count).toBe(TOKENS);
  const started = await http<BulkRevocation>(url, admin, 'POST', '/api/tokens/revocations', {
    filter: { tag },
    expectedCount: TOKENS,
  });
  expect(started.status).toBe(202);
  const { id } = started.body;
  for (;;) {
    const now = await job(url, id);
    if (now.revoked >= 16) return id;
    await sleep(50);
  }
}

/**
 * Waits for job `id` to be done, as B reads it. How soon B took the job over is what these tests
 * check (`takenOverWithin`); how long the rest then takes depends on the machine's load.
 */
async function doneOn(url: string, id: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await job(url, id);
    if (now.state === 'done') return now;
    if (Date.now() > deadline) throw new Error(`not done: ${JSON.stringify(now)}`);
    await sleep(250);
  }
}

/**
 * Expects the run that finished job `done` to have begun within `ms` of `since`: at B's next
 * look (every 5 s), not once a silent heartbeat is STALE_MS old.
 */
function takenOverWithin(done: BulkRevocation, since: number, ms: number) {
  const startedAt = Date.parse(done.run.startedAt);
  expect(startedAt).toBeGreaterThanOrEqual(since);
  expect(startedAt - since).toBeLessThan(ms);
}

describe.skipIf(!onPostgres)('revoke by filter with a replica stopped in the middle', () => {
  it('should be finished by the other replica at once after SIGTERM', async () => {
    const [a, b] = set.replicas.map((r) => r.url) as [string, string];
    await createTagged(a, 'sigterm-leak');
    const id = await startedAndUnderWay(a, 'sigterm-leak');
    const stoppedAt = Date.now();
    await set.replicas[0]!.kill('SIGTERM');
    const stopped = await job(b, id);
    expect(stopped.pending).toBeGreaterThan(0);
    // Taken over at B's next look (every 5 s), not after the 30 s a silent heartbeat takes.
    const done = await doneOn(b, id);
    takenOverWithin(done, stoppedAt, STALE_MS / 2);
    expect(done).toMatchObject({ total: TOKENS, failed: 0, pending: 0 });
    expect(done.revoked + done.skipped).toBe(TOKENS);
    const left = await http<BulkRevocationPreview>(
      b,
      admin,
      'GET',
      '/api/tokens/revocations/preview?tag=sigterm-leak',
    );
    expect(left.body.count).toBe(0);
  }, 150_000);

  it('should be handed over at once when it was started while its replica was stopping', async () => {
    const [a, b] = set.replicas.map((r) => r.url) as [string, string];
    const tag = 'claimed-while-stopping';
    await createTagged(a, tag);
    const db = await bareTestDb<Database>(set.databaseDir);
    try {
      // The job's row waits for the database (a lock the test holds) while A stops, and its
      // request is given up (the browser closed; or the drain's 10 s ran out): A's server has
      // closed, and with it the jobs, before the job is claimed.
      let unlock = () => {};
      const unlocked = new Promise<void>((resolve) => (unlock = resolve));
      const locked = db.transaction().execute(async (trx) => {
        await sql`lock table bulk_revocation in share mode`.execute(trx);
        await unlocked;
      });
      await vi.waitFor(async () => expect(await lockHeld(db)).toBe(true));
      const { port } = new URL(a);
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('error', () => {});
      const body = JSON.stringify({ filter: { tag }, expectedCount: TOKENS });
      socket.write(
        [
          'POST /api/tokens/revocations HTTP/1.1',
          `host: 127.0.0.1:${port}`,
          `cookie: ${admin.cookie}`,
          `x-csrf-token: ${admin.csrf}`,
          'content-type: application/json',
          `content-length: ${Buffer.byteLength(body)}`,
          '',
          body,
        ].join('\r\n'),
      );
      await vi.waitFor(async () => expect(await lockWaiters(db)).toBeGreaterThan(0), {
        timeout: 10_000,
      });
      const stoppedAt = Date.now();
      set.replicas[0]!.child.kill('SIGTERM');
      await sleep(300);
      socket.destroy();
      await sleep(500);
      unlock();
      await locked;
      const { id } = await vi.waitFor(
        () =>
          db
            .selectFrom('bulk_revocation')
            .select('id')
            .where('filter', '=', JSON.stringify({ tag }))
            .executeTakeFirstOrThrow(),
        { timeout: 10_000 },
      );
      await set.replicas[0]!.exited;
      // Taken over at B's next look, as after any SIGTERM, not once a heartbeat is 30 s old.
      const done = await doneOn(b, id);
      takenOverWithin(done, stoppedAt, STALE_MS / 2);
      expect(done).toMatchObject({ total: TOKENS, failed: 0, pending: 0 });
      expect(done.revoked + done.skipped).toBe(TOKENS);
    } finally {
      await db.destroy();
    }
  }, 150_000);

  it('should be finished by the other replica once the heartbeat of one killed is stale', async () => {
    const [a, b] = set.replicas.map((r) => r.url) as [string, string];
    await createTagged(a, 'sigkill-leak');
    const id = await startedAndUnderWay(a, 'sigkill-leak');
    await set.replicas[0]!.kill('SIGKILL');
    const killed = await job(b, id);
    expect(killed).toMatchObject({ state: 'running' });
    expect(killed.pending).toBeGreaterThan(0);
    // Its last heartbeat made STALE_MS older, as that long a silence would: B's next look
    // (every 5 s) takes it over.
    const db = await bareTestDb<Database>(set.databaseDir);
    try {
      const aged = await db
        .updateTable('bulk_revocation')
        .set((eb) => ({ heartbeat_at: eb('heartbeat_at', '-', STALE_MS) }))
        .where('id', '=', id)
        .where('state', '=', 'running')
        .executeTakeFirst();
      expect(aged.numUpdatedRows).toBe(1n);
    } finally {
      await db.destroy();
    }
    const agedAt = Date.now();
    const done = await doneOn(b, id);
    takenOverWithin(done, agedAt, STALE_MS / 2);
    expect(done).toMatchObject({ total: TOKENS, failed: 0, pending: 0 });
    expect(done.revoked + done.skipped).toBe(TOKENS);
    const left = await http<BulkRevocationPreview>(
      b,
      admin,
      'GET',
      '/api/tokens/revocations/preview?tag=sigkill-leak',
    );
    expect(left.body.count).toBe(0);
  }, 150_000);
});

/** Whether this test's own lock on the jobs' table is granted. */
async function lockHeld(db: Kysely<Database>) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
    where c.relname = 'bulk_revocation' and l.mode = 'ShareLock' and l.granted`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

/** Statements waiting for a lock on the jobs' table (the job's insert). */
async function lockWaiters(db: Kysely<Database>) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
    where c.relname = 'bulk_revocation' and not l.granted`.execute(db);
  return rows[0]?.n ?? 0;
}
