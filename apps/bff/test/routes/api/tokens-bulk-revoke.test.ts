import type {
  AuditList,
  BulkRevocation,
  BulkRevocationPreview,
  TokenList,
  TokenRequestInput,
} from '@ptd/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createTestApp, testClock, type TestApp, type TestClock } from '../../helpers/app.ts';
import { HEARTBEAT_MS, STALE_MS } from '../../../src/services/tokens/bulk-revoke-run.ts';
import { Client as TestClient, staffClient, type Client } from '../../helpers/client.ts';
import { dropTestDatabase } from '../../helpers/database.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';
import { auditEntries } from '../../helpers/audit.ts';

const {
  t,
  proxy,
  clients: { admin, editor, viewer },
} = useTestApp({
  upstream: 'faulty',
  env: { TOKEN_CREATE_RATE_PER_MINUTE: '10000' },
  clients: { admin: 'admin', editor: 'editor', viewer: 'viewer' },
});

async function createMany(client: Client, count: number, overrides: Partial<TokenRequestInput>) {
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, () => createToken(client, overrides)),
    );
  }
}

const preview = async (client: Client, query: string) => {
  const response = await client.get(`/api/tokens/revocations/preview?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json<BulkRevocationPreview>();
};

/** Follows the job as the SPA does, until it is no longer running. */
const finished = (client: Client, id: string) =>
  vi.waitFor(
    async () => {
      const job = (await client.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
      expect(job.state).toBe('done');
      return job;
    },
    { timeout: 120_000, interval: 200 },
  );

const auditCount = async (action: string, subjects?: string[]) => {
  let query = t.app.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action);
  if (subjects) query = query.where('subject', 'in', subjects);
  return Number((await query.executeTakeFirstOrThrow()).n);
};

/**
 * Replicas of one database of their own, in this process, on the faulty upstream: `start` opens
 * one more (on its own clock if given), `close` closes them and removes the database.
 */
async function oneDatabase(name: string) {
  const dataDir = await mkdtemp(path.join(tmpdir(), `bff-revoke-${name}-`));
  const env = { TOKEN_CREATE_RATE_PER_MINUTE: '10000' };
  const apps: TestApp[] = [];
  return {
    start: async (clock?: TestClock) => {
      const app = await createTestApp({
        upstreamUrl: proxy.url,
        dataDir,
        keepDataDir: true,
        env,
        ...(clock ? { clock } : {}),
      });
      apps.push(app);
      return app;
    },
    close: async () => {
      for (const app of apps.reverse()) await app.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
      await dropTestDatabase(dataDir);
    },
  };
}

/** A client of `app` (another replica) in the session of `client`. */
function sameSession(app: TestApp, client: Client) {
  const there = new TestClient(app.app);
  there.cookie = client.cookie;
  there.csrf = client.csrf;
  return there;
}

describe('revoke by filter', () => {
  it('should revoke 1,000 matching tokens with some failing, say what became of each, and retry the failures', async () => {
    await createMany(admin, 1000, { tag: 'finale-leak', revocable: true });
    await createMany(admin, 3, { tag: 'finale-leak' });

    const seen = await preview(admin, 'tag=finale-leak');
    expect(seen).toMatchObject({ count: 1000, notRevocable: 3, ownOnly: false });
    expect(seen.sample).toHaveLength(5);
    expect(seen.sample[0]).toMatchObject({ tag: 'finale-leak', status: 'active' });

    const stale = await admin.post('/api/tokens/revocations', {
      filter: { tag: 'finale-leak' },
      expectedCount: 999,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'count-changed' });
    expect(stale.json().message).toMatch(/1000/);

    proxy.fail('/api/v1/splay/revoke', 'status-500', 10);
    const started = await admin.post('/api/tokens/revocations', {
      filter: { tag: 'finale-leak' },
      expectedCount: 1000,
    });
    expect(started.statusCode).toBe(202);
    const job = started.json<BulkRevocation>();
    expect(job).toMatchObject({ state: 'running', total: 1000, filter: { tag: 'finale-leak' } });

    const done = await finished(admin, job.id);
    expect(done).toMatchObject({ total: 1000, revoked: 900, skipped: 0, failed: 100, pending: 0 });
    expect(done.failures).toHaveLength(50);
    expect(done.failures[0]).toMatchObject({ tag: 'finale-leak' });
    expect(done.failures[0]?.message).not.toMatch(/Internal error/);

    // The ledger says the same: the refused ones are still active, nothing is left pending.
    // (Counted exactly by the preview: the list's count of a tag and a status looks at the
    // newest 1,000 of the tag's 1,003 tokens only, and which ones were refused varies.)
    expect(await preview(admin, 'tag=finale-leak')).toMatchObject({ count: 100, notRevocable: 3 });
    const pending = await admin.get('/api/tokens?tag=finale-leak&status=revocation-pending');
    expect(pending.json<TokenList>().total).toBe(0);
    expect(await auditCount('token.bulk-revoke', [job.id])).toBe(1);
    const operation = await t.app.db
      .selectFrom('audit_log')
      .select(['details', 'actor_id'])
      .where('action', '=', 'token.bulk-revoke')
      .where('subject', '=', job.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(operation.details)).toMatchObject({
      filter: { tag: 'finale-leak' },
      total: 1000,
      revoked: 900,
      failed: 100,
      skipped: 0,
    });
    expect(operation.actor_id).toBe(admin.session?.user.id);
    expect(await auditCount('token.revoke')).toBe(900);

    proxy.heal();
    const retried = await admin.post(`/api/tokens/revocations/${job.id}/retry`);
    expect(retried.statusCode).toBe(202);
    const again = await finished(admin, job.id);
    expect(again).toMatchObject({ revoked: 1000, failed: 0, pending: 0, failures: [] });
    expect(await auditCount('token.bulk-revoke', [job.id])).toBe(2);
    expect(await auditCount('token.revoke')).toBe(1000);
    expect(await preview(admin, 'tag=finale-leak')).toMatchObject({ count: 0, notRevocable: 3 });
    const left = await admin.get('/api/tokens?tag=finale-leak&status=active');
    expect(left.json<TokenList>().total).toBe(3);
  }, 240_000);

  it('should wait and ask again when the token service says to slow down, failing no token for it', async () => {
    await createMany(admin, 12, { tag: 'busy-leak', revocable: true });
    // Every fourth revoke is answered 429 (too many requests): 3 of the 12 first requests, so
    // the 3 asked again after the wait (the 13th to 15th) all go through.
    proxy.fail('/api/v1/splay/revoke', 'too-many-requests', 4);
    const before = proxy.received('/api/v1/splay/revoke');
    const started = await admin.post('/api/tokens/revocations', {
      filter: { tag: 'busy-leak' },
      expectedCount: 12,
    });
    expect(started.statusCode).toBe(202);
    const done = await finished(admin, started.json<BulkRevocation>().id);
    expect(done).toMatchObject({ revoked: 12, failed: 0, skipped: 0, pending: 0 });
    expect(proxy.received('/api/v1/splay/revoke') - before).toBe(15);
    expect(await preview(admin, 'tag=busy-leak')).toMatchObject({ count: 0 });
  }, 60_000);

  it.each([
    // [what the token service says, the test clock's wait that is not enough, what is]. Each
    // jump of the clock stays well under STALE_MS with the heartbeat's own age (up to
    // HEARTBEAT_MS of real time) added: past it, the job would look abandoned and be taken
    // over. The one-minute cap is slowDownMs's own test (test/upstream/errors.test.ts).
    ['a delay in seconds', () => '12', 11_000, 2_000],
    ['an HTTP date', () => new Date(t.clock.now() + 20_000).toUTCString(), 18_000, 3_000],
    ['nothing: 5 s', () => null, 4_000, 1_500],
    ['something unreadable: 5 s', () => 'in a while', 4_000, 1_500],
  ])(
    'should wait as long as Retry-After says before asking again: %s',
    async (_, retryAfter, tooShort, enough) => {
      const tag = `retry-after-${tooShort}-${String(retryAfter())}`.slice(0, 40);
      await createMany(admin, 1, { tag, revocable: true });
      // An admin of its own: its session is seen at the moved clock, and left behind after.
      const starter = await staffClient(t.app, 'admin');
      const before = proxy.received('/api/v1/splay/revoke');
      proxy.fail('/api/v1/splay/revoke', { busy: { retryAfter: retryAfter() } });
      const started = await starter.post('/api/tokens/revocations', {
        filter: { tag },
        expectedCount: 1,
      });
      expect(started.statusCode).toBe(202);
      const id = started.json<BulkRevocation>().id;
      await vi.waitFor(() => expect(proxy.received('/api/v1/splay/revoke') - before).toBe(1));
      proxy.heal();
      try {
        // The wait is on the app's clock: not asked again while too little of it has passed.
        t.clock.advance(tooShort);
        await new Promise((resolve) => setTimeout(resolve, 700));
        expect(proxy.received('/api/v1/splay/revoke') - before).toBe(1);
        t.clock.advance(enough);
        const done = await vi.waitFor(
          async () => {
            const job = (await starter.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
            expect(job.state).toBe('done');
            return job;
          },
          // Generous: under a full test run the revoke and the job's end take their time.
          { timeout: 10_000, interval: 100 },
        );
        expect(done).toMatchObject({ revoked: 1, failed: 0, pending: 0 });
        expect(proxy.received('/api/v1/splay/revoke') - before).toBe(2);
      } finally {
        // Back to the emulator's time, which tokens are checked against.
        t.clock.set(Date.now());
      }
    },
    30_000,
  );

  it('should ask the browser to wait as long as an HTTP-date Retry-After says, on the app’s clock', async () => {
    const { record } = await createToken(admin, { revocable: true });
    // The app's clock runs 40 s ahead; the token service asks for a wait until 10 s after it.
    t.clock.advance(40_000);
    try {
      proxy.fail('/api/v1/splay/revoke', {
        busy: { retryAfter: new Date(t.clock.now() + 10_000).toUTCString() },
      });
      const busy = await admin.post(`/api/tokens/${record.id}/revoke`);
      expect(busy.statusCode).toBe(503);
      expect(busy.json()).toMatchObject({ code: 'upstream-busy' });
      // 10 s less what the date's whole seconds and the answer took, not the 50 s of real time.
      expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(8);
      expect(Number(busy.headers['retry-after'])).toBeLessThanOrEqual(10);
    } finally {
      proxy.heal();
      t.clock.set(Date.now());
    }
  });

  it('should finish by itself a job whose replica stopped in the middle, as the person who started it', async () => {
    await createMany(admin, 6, { tag: 'orphan-leak', revocable: true });
    const ids = (
      await t.app.db.selectFrom('ledger').select('id').where('tag', '=', 'orphan-leak').execute()
    ).map((row) => row.id);
    // Started on a replica that was stopped a minute ago, before any of its tokens was done.
    const id = '01a23000-0000-7000-8000-00000000a11e';
    const stoppedAt = t.app.now() - 60_000;
    // Older stopped jobs whose starter's account is gone wait for an admin; they hold up no other.
    for (let i = 0; i < 5; i += 1) {
      await t.app.repos.ledger.bulkRevocations.create(
        {
          id: `01a23000-0000-7000-8000-00000000b0${i}0`,
          created_by: null,
          created_at: stoppedAt - 60_000,
          filter: JSON.stringify({ tag: 'orphan-leak' }),
          own_only: 0,
          state: 'running',
          heartbeat_at: stoppedAt - 60_000,
          finished_at: null,
        },
        [],
      );
    }
    await t.app.repos.ledger.bulkRevocations.create(
      {
        id,
        created_by: admin.session!.user.id,
        created_at: stoppedAt,
        filter: JSON.stringify({ tag: 'orphan-leak' }),
        own_only: 0,
        state: 'running',
        heartbeat_at: stoppedAt,
        finished_at: null,
      },
      ids,
    );
    const takenAfter = t.app.now();
    const done = await finished(admin, id);
    expect(done).toMatchObject({ revoked: 6, failed: 0, pending: 0 });
    // Its run began when it was taken over, not when the stopped replica started it.
    expect(done.createdAt).toBe(new Date(stoppedAt).toISOString());
    expect(done.run.settled).toBe(0);
    expect(Date.parse(done.run.startedAt)).toBeGreaterThanOrEqual(takenAfter);
    expect(await preview(admin, 'tag=orphan-leak')).toMatchObject({ count: 0 });
    const entry = await t.app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'token.bulk-revoke')
      .where('subject', '=', id)
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(admin.session?.user.id);
    expect(JSON.parse(entry.details)).toMatchObject({ revoked: 6, resumed: true });
    // Done is done: a replica that found it stopped a moment before does not run it again.
    const repo = t.app.repos.ledger.bulkRevocations;
    await t.app.db
      .updateTable('bulk_revocation')
      .set({ heartbeat_at: 0 })
      .where('id', '=', id)
      .execute();
    expect(await repo.takeOver(id, t.app.now(), t.app.now() - 30_000, 'another-run')).toBe(false);
  }, 60_000);

  it('should hand a job over at once when its replica is stopped, and finish it on the next', async () => {
    const replicas = await oneDatabase('handed-over');
    const first = await replicas.start();
    try {
      const starter = await staffClient(first.app, 'admin');
      await createMany(starter, 40, { tag: 'stopped-leak', revocable: true });
      const started = await starter.post('/api/tokens/revocations', {
        filter: { tag: 'stopped-leak' },
        expectedCount: 40,
      });
      expect(started.statusCode).toBe(202);
      const { id } = started.json<BulkRevocation>();
      // SIGTERM: the revokes in flight finish, no more start.
      await first.close();

      const again = sameSession(await replicas.start(), starter);
      const job = (await again.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
      expect(job.pending).toBeGreaterThan(0);
      // Taken over without waiting for the heartbeat to go stale (30 s) or for a Retry.
      const done = await vi.waitFor(
        async () => {
          const now = (await again.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
          expect(now.state).toBe('done');
          return now;
        },
        { timeout: 10_000, interval: 200 },
      );
      expect(done).toMatchObject({ revoked: 40, skipped: 0, failed: 0, pending: 0 });
    } finally {
      await replicas.close();
    }
  }, 60_000);

  it('should stop a runner that stalled past STALE_MS and recovers after another replica took its job over', async () => {
    const replicas = await oneDatabase('stall');
    const first = await replicas.start();
    const revokes = proxy.received(REVOKE);
    try {
      const starter = await staffClient(first.app, 'admin');
      await createMany(starter, 3, { tag: 'stalled-leak', revocable: true });
      // The first runner's first revoke reaches the token service; its answer is held.
      const stalled = proxy.hold(REVOKE);
      const started = await starter.post('/api/tokens/revocations', {
        filter: { tag: 'stalled-leak' },
        expectedCount: 3,
      });
      expect(started.statusCode).toBe(202);
      const { id } = started.json<BulkRevocation>();
      await stalled.arrived;
      await vi.waitFor(async () => {
        const job = (await starter.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
        expect(job).toMatchObject({ revoked: 2, pending: 1 });
      });
      // Another replica whose clock is past the first runner's heartbeat by STALE_MS, as after
      // that long a stall, takes the job over at its first look; its revoke is held too.
      const taken = proxy.hold(REVOKE);
      const clock = testClock();
      clock.advance(STALE_MS + HEARTBEAT_MS + 1_000);
      const second = await replicas.start(clock);
      await taken.arrived;
      // The first runner recovers: the job is no longer its own, so it settles nothing and
      // does not end the job.
      stalled.release();
      // It finds out at its answer's settle or its next beat, and stops (or, as it did before
      // jobs had a run of their own, settles and ends the job beside the other).
      const stateNow = async () =>
        (
          await first.app.db
            .selectFrom('bulk_revocation')
            .select('state')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).state;
      const noticed = () =>
        first.logs.some((line) => line.msg === 'revoke by filter taken over by another runner');
      await vi.waitFor(async () => expect(noticed() || (await stateNow()) === 'done').toBe(true), {
        timeout: 10_000,
        interval: 100,
      });
      const there = sameSession(second, starter);
      const meanwhile = (await there.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
      // Still running, the new run's; the ledger says its last token is revoked already.
      expect(meanwhile).toMatchObject({ state: 'running', revoked: 3, pending: 0 });
      expect(
        await auditEntries(first.app.db, { subject: id, action: 'token.bulk-revoke' }),
      ).toEqual([]);
      taken.release();
      const done = await finished(there, id);
      expect(done).toMatchObject({ revoked: 3, skipped: 0, failed: 0, pending: 0 });
      // Ended once, by the run that took it over; each token revoked once.
      const ends = await auditEntries(first.app.db, { subject: id, action: 'token.bulk-revoke' });
      expect(ends).toHaveLength(1);
      expect(ends[0]!.details).toMatchObject({ revoked: 3, skipped: 0, resumed: true });
      // The first runner sent nothing after it recovered: three revokes and the one taken over.
      expect(proxy.received(REVOKE) - revokes).toBe(4);
    } finally {
      await replicas.close();
    }
  }, 60_000);

  it('should go on as the person who retried a job when its replica stops during the retry', async () => {
    const replicas = await oneDatabase('retried');
    const first = await replicas.start();
    try {
      const starter = await staffClient(first.app, 'editor');
      const retrier = await staffClient(first.app, 'admin');
      await createMany(starter, 12, { tag: 'retried-leak', revocable: true });
      proxy.fail(REVOKE, 'status-500');
      const started = await starter.post('/api/tokens/revocations', {
        filter: { tag: 'retried-leak' },
        expectedCount: 12,
      });
      const { id } = started.json<BulkRevocation>();
      const failed = await finished(retrier, id);
      expect(failed).toMatchObject({ failed: 12, runBy: { id: starter.session?.user.id } });
      proxy.heal();
      // The starter may revoke no more; an admin retries, and the replica stops during it.
      await first.app.repos.staff.updateKeepingAnAdmin(starter.session!.user.id, { disabled: 1 });
      const held = proxy.hold(REVOKE);
      const retried = await retrier.post(`/api/tokens/revocations/${id}/retry`);
      expect(retried.statusCode).toBe(202);
      expect(retried.json<BulkRevocation>().runBy).toMatchObject({
        id: retrier.session?.user.id,
        email: retrier.session?.user.email,
      });
      await held.arrived;
      const closed = first.close();
      held.release();
      await closed;

      const second = await replicas.start();
      const there = sameSession(second, retrier);
      const done = await finished(there, id);
      // Taken over as the admin who retried it, not as the disabled starter.
      expect(done).toMatchObject({ revoked: 12, failed: 0, pending: 0 });
      expect(done.runBy?.id).toBe(retrier.session?.user.id);
      const revokes = await second.app.db
        .selectFrom('audit_log')
        .select('actor_id')
        .where('action', '=', 'token.revoke')
        .where('subject', 'in', (eb) =>
          eb.selectFrom('bulk_revocation_item').select('ledger_id').where('job_id', '=', id),
        )
        .execute();
      expect(revokes.map((row) => row.actor_id)).toEqual(
        revokes.map(() => retrier.session?.user.id),
      );
      expect(revokes).toHaveLength(12);
      const ends = await auditEntries(second.app.db, { subject: id, action: 'token.bulk-revoke' });
      expect(ends.at(-1)).toMatchObject({
        actor_id: retrier.session?.user.id,
        details: { resumed: true },
      });
    } finally {
      proxy.heal();
      await replicas.close();
    }
  }, 60_000);

  it('should count a retried job’s run from the retry, with the tokens settled before it', async () => {
    const env = { TOKEN_CREATE_RATE_PER_MINUTE: '10000' };
    const own = await createTestApp({ upstreamUrl: proxy.url, env });
    try {
      const starter = await staffClient(own.app, 'admin');
      await createMany(starter, 10, { tag: 'run-retry', revocable: true });
      // Every other revoke fails.
      proxy.fail('/api/v1/splay/revoke', 'status-500', 2);
      const started = await starter.post('/api/tokens/revocations', {
        filter: { tag: 'run-retry' },
        expectedCount: 10,
      });
      const job = started.json<BulkRevocation>();
      expect(job.run).toEqual({ startedAt: job.createdAt, settled: 0 });
      const done = await finished(starter, job.id);
      expect(done).toMatchObject({ revoked: 5, failed: 5 });
      proxy.heal();

      // Two hours later (the app's clock): the retry is a run of its own.
      own.clock.advance(2 * 60 * 60_000);
      const admin = await staffClient(own.app, 'admin');
      const before = own.clock.now();
      const retried = (
        await admin.post(`/api/tokens/revocations/${job.id}/retry`)
      ).json<BulkRevocation>();
      const after = own.clock.now();
      expect(retried.createdAt).toBe(job.createdAt);
      // The failures are tried again: only the revoked ones were settled.
      expect(retried.run.settled).toBe(5);
      expect(Date.parse(retried.run.startedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(retried.run.startedAt)).toBeLessThanOrEqual(after);
      const again = await finished(admin, job.id);
      expect(again).toMatchObject({ revoked: 10, failed: 0 });
      expect(again.run).toEqual(retried.run);
    } finally {
      proxy.heal();
      await own.close();
    }
  }, 60_000);

  it('should revoke the tokens the confirmation counted while new ones keep arriving', async () => {
    await createMany(admin, 5, { tag: 'live-leak', revocable: true });
    const seen = await preview(admin, 'tag=live-leak');
    expect(seen).toMatchObject({ count: 5, asOf: expect.any(String) });
    // Viewers keep joining while the number is typed back.
    await createMany(admin, 2, { tag: 'live-leak', revocable: true });
    const started = await admin.post('/api/tokens/revocations', {
      filter: { tag: 'live-leak' },
      expectedCount: 5,
      asOf: seen.asOf,
    });
    expect(started.statusCode, started.body).toBe(202);
    const done = await finished(admin, started.json<BulkRevocation>().id);
    expect(done).toMatchObject({ total: 5, revoked: 5, failed: 0 });
    // The newer ones were not in the confirmation: a revoke of their own covers them.
    expect(await preview(admin, 'tag=live-leak')).toMatchObject({ count: 2 });

    const badTime = await admin.post('/api/tokens/revocations', {
      filter: { tag: 'live-leak' },
      expectedCount: 2,
      asOf: 'yesterday',
    });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().issues[0].path).toBe('asOf');
  });

  it('should start one job for one Idempotency-Key when the answer to the start was lost and it is sent again', async () => {
    await createMany(editor, 4, { tag: 'resent-leak', revocable: true });
    const { asOf } = await preview(editor, 'tag=resent-leak');
    const body = { filter: { tag: 'resent-leak' }, expectedCount: 4, asOf };
    const headers = { 'idempotency-key': 'revoke-resent-1' };
    const first = await editor.post('/api/tokens/revocations', body, { headers });
    // Sent again (a proxy's timeout, the browser's retry) while the job runs, and after it ended.
    const again = await editor.post('/api/tokens/revocations', body, { headers });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    const job = first.json<BulkRevocation>();
    expect(again.json<BulkRevocation>().id).toBe(job.id);
    expect(await finished(editor, job.id)).toMatchObject({ total: 4, revoked: 4, failed: 0 });
    const late = await editor.post('/api/tokens/revocations', body, { headers });
    expect(late.statusCode).toBe(202);
    expect(late.json<BulkRevocation>().id).toBe(job.id);

    const other = await editor.post(
      '/api/tokens/revocations',
      { ...body, expectedCount: 3 },
      { headers },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency-key-reused' });
    const jobs = await t.app.db
      .selectFrom('bulk_revocation')
      .select('id')
      .where('created_by', '=', editor.session?.user.id ?? '')
      .where('filter', 'like', '%resent-leak%')
      .execute();
    expect(jobs.map((row) => row.id)).toEqual([job.id]);
    expect(await auditCount('token.bulk-revoke', [job.id])).toBe(1);
  });

  it('should retry a job once for one Idempotency-Key when the answer to the retry was lost', async () => {
    await createMany(editor, 2, { tag: 'resent-retry', revocable: true });
    proxy.fail('/api/v1/splay/revoke', 'status-500');
    const started = await editor.post('/api/tokens/revocations', {
      filter: { tag: 'resent-retry' },
      expectedCount: 2,
    });
    const job = started.json<BulkRevocation>();
    expect(await finished(editor, job.id)).toMatchObject({ failed: 2 });
    const headers = { 'idempotency-key': 'revoke-retry-1' };
    const retried = await editor.post(`/api/tokens/revocations/${job.id}/retry`, undefined, {
      headers,
    });
    expect(retried.statusCode).toBe(202);
    // The tokens fail again before the retry is sent again.
    expect(await finished(editor, job.id)).toMatchObject({ failed: 2 });
    const resent = await editor.post(`/api/tokens/revocations/${job.id}/retry`, undefined, {
      headers,
    });
    expect(resent.statusCode).toBe(202);
    expect(resent.json<BulkRevocation>().id).toBe(job.id);
    await finished(editor, job.id);
    proxy.heal();
    expect(await auditCount('token.bulk-revoke', [job.id])).toBe(2);
  });

  it('should refuse a retry with nothing left to retry (a second tab’s), running and recording nothing', async () => {
    await createMany(editor, 2, { tag: 'retried-twice', revocable: true });
    proxy.fail(REVOKE, 'status-500');
    const started = await editor.post('/api/tokens/revocations', {
      filter: { tag: 'retried-twice' },
      expectedCount: 2,
    });
    const job = started.json<BulkRevocation>();
    expect(await finished(editor, job.id)).toMatchObject({ failed: 2 });
    proxy.heal();
    // One tab retries the failures; another, still showing them, asks again once they are revoked.
    expect((await editor.post(`/api/tokens/revocations/${job.id}/retry`)).statusCode).toBe(202);
    const done = await finished(editor, job.id);
    expect(done).toMatchObject({ revoked: 2, failed: 0, pending: 0 });
    const late = await editor.post(`/api/tokens/revocations/${job.id}/retry`);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'nothing-to-retry' });
    expect(late.json().message).toMatch(/no token/i);
    const after = (await editor.get(`/api/tokens/revocations/${job.id}`)).json<BulkRevocation>();
    expect(after).toMatchObject({ state: 'done', finishedAt: done.finishedAt });
    expect(await auditCount('token.bulk-revoke', [job.id])).toBe(2);
  });

  it('should cover only an editor’s own tokens, and say so', async () => {
    await createMany(editor, 3, { tag: 'shared-press', revocable: true });
    await createMany(editor, 1, { tag: 'shared-press' });
    await createMany(admin, 2, { tag: 'shared-press', revocable: true });

    expect(await preview(editor, 'tag=shared-press')).toMatchObject({
      count: 3,
      notRevocable: 1,
      ownOnly: true,
    });
    expect((await preview(admin, 'tag=shared-press')).count).toBe(5);

    const started = await editor.post('/api/tokens/revocations', {
      filter: { tag: 'shared-press' },
      expectedCount: 3,
    });
    expect(started.statusCode).toBe(202);
    const job = started.json<BulkRevocation>();
    expect(job.ownOnly).toBe(true);
    expect(await finished(editor, job.id)).toMatchObject({ revoked: 3, failed: 0 });

    const list = (await admin.get('/api/tokens?tag=shared-press&status=active')).json<TokenList>();
    expect(list.items.map((item) => item.createdBy?.id).sort()).toEqual(
      [admin.session?.user.id, admin.session?.user.id, editor.session?.user.id].sort(),
    );
    // An admin's job is not an editor's to read or retry.
    const theirs = await admin.post('/api/tokens/revocations', {
      filter: { tag: 'shared-press', createdBy: admin.session?.user.id },
      expectedCount: 2,
    });
    const adminJob = theirs.json<BulkRevocation>();
    expect((await editor.get(`/api/tokens/revocations/${adminJob.id}`)).statusCode).toBe(404);
    await finished(admin, adminJob.id);
  }, 60_000);

  it('should refuse viewers with 403, a request without the CSRF header, and statuses with nothing to revoke', async () => {
    expect((await viewer.get('/api/tokens/revocations/preview?tag=x')).statusCode).toBe(403);
    const body = { filter: { tag: 'x' }, expectedCount: 1 };
    expect((await viewer.post('/api/tokens/revocations', body)).statusCode).toBe(403);
    const noCsrf = await admin.post('/api/tokens/revocations', body, { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect((await preview(admin, 'tag=shared-press&status=expired')).count).toBe(0);
    const bad = await admin.post('/api/tokens/revocations', { filter: {}, expectedCount: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('expectedCount');
  });
});

const REVOKE = '/api/v1/splay/revoke';

/**
 * A job under way whose first revoke the token service has not answered yet (held) and whose
 * other revokes are answered "slow down, ask again in 20 s" (on the app's test clock): nothing
 * is revoked until the test moves on.
 */
async function underWay(starter: Client, tag: string, count: number) {
  const held = proxy.hold(REVOKE);
  proxy.fail(REVOKE, { busy: { retryAfter: '20' } });
  const before = proxy.received(REVOKE);
  const started = await starter.post('/api/tokens/revocations', {
    filter: { tag },
    expectedCount: count,
  });
  expect(started.statusCode).toBe(202);
  await held.arrived;
  // Every lane has asked once: one held, the others waiting for the 20 s to pass.
  await vi.waitFor(() => expect(proxy.received(REVOKE) - before).toBe(8));
  return { id: started.json<BulkRevocation>().id, held };
}

/**
 * A running job of the tokens tagged `tag` whose starter's account is gone and whose runner
 * died a minute ago, before settling any of them (nobody takes it over); their ids, in order.
 */
async function deadRunnerJob(id: string, tag: string) {
  const ids = (
    await t.app.db.selectFrom('ledger').select('id').where('tag', '=', tag).orderBy('id').execute()
  ).map((row) => row.id);
  await t.app.repos.ledger.bulkRevocations.create(
    {
      id,
      created_by: null,
      created_at: t.app.now() - 60_000,
      filter: JSON.stringify({ tag }),
      own_only: 0,
      state: 'running',
      heartbeat_at: t.app.now() - 60_000,
      finished_at: null,
    },
    ids,
  );
  return ids;
}

describe('stop revoking', () => {
  it('should stop a running job: the revoke in flight finishes, the rest stay active and count as stopped', async () => {
    const starter = await staffClient(t.app, 'editor');
    await createMany(starter, 12, { tag: 'wrong-filter', revocable: true });
    const { id, held } = await underWay(starter, 'wrong-filter', 12);
    const asked = proxy.received(REVOKE);
    // Of the 12 to go, the held one was sent and may still succeed; the others wait to be asked
    // again (once each refusal is written).
    await vi.waitFor(async () => {
      const running = await starter.get(`/api/tokens/revocations/${id}`);
      expect(running.json<BulkRevocation>()).toMatchObject({
        state: 'running',
        pending: 12,
        sent: 1,
      });
    });

    // Only its starter and admins may stop it: to another editor it is not found, as when
    // they ask to see it. A stop is a change like any other (CSRF).
    const other = await editor.post(`/api/tokens/revocations/${id}/cancel`);
    expect(other.statusCode).toBe(404);
    expect((await editor.get(`/api/tokens/revocations/${id}`)).statusCode).toBe(404);
    expect((await viewer.post(`/api/tokens/revocations/${id}/cancel`)).statusCode).toBe(403);
    const noCsrf = await admin.post(`/api/tokens/revocations/${id}/cancel`, undefined, {
      noCsrf: true,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(
      (await admin.post('/api/tokens/revocations/01a23000-0000-7000-8000-00000000dead/cancel'))
        .statusCode,
    ).toBe(404);

    const stopped = await admin.post(`/api/tokens/revocations/${id}/cancel`);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json<BulkRevocation>()).toMatchObject({
      state: 'running',
      stoppedBy: { id: admin.session?.user.id },
      stoppedAt: expect.any(String),
      revoked: 0,
      pending: 12,
      sent: 1,
    });
    // Idempotent: the starter stopping it too answers the same stop.
    const again = await starter.post(`/api/tokens/revocations/${id}/cancel`);
    expect(again.statusCode).toBe(200);
    expect(again.json<BulkRevocation>().stoppedBy?.id).toBe(admin.session?.user.id);

    // The waits end; no token is sent to the token service after the stop.
    t.clock.advance(20_000);
    held.release();
    const done = await finished(admin, id);
    // Back to the emulator's time, which token requests are checked against.
    t.clock.set(Date.now());
    expect(done).toMatchObject({
      revoked: 1,
      stopped: 11,
      skipped: 0,
      failed: 0,
      pending: 0,
      sent: 0,
    });
    expect(done.stoppedBy?.id).toBe(admin.session?.user.id);
    expect(proxy.received(REVOKE)).toBe(asked);
    expect(await preview(admin, 'tag=wrong-filter')).toMatchObject({ count: 11 });
    const inFlight = await admin.get('/api/tokens?tag=wrong-filter&status=revocation-pending');
    expect(inFlight.json<TokenList>().total).toBe(0);

    const [stop, ...more] = await auditEntries(t.app.db, {
      subject: id,
      action: 'token.bulk-revoke-stop',
    });
    expect(more).toHaveLength(0);
    expect(stop?.actor_id).toBe(admin.session?.user.id);
    // Left: not yet sent, so still valid; the one revoke already sent is counted apart.
    expect(stop!.details).toEqual({ job: id, revoked: 0, left: 11, sent: 1 });
    const [end] = await auditEntries(t.app.db, { subject: id, action: 'token.bulk-revoke' });
    expect(end?.actor_id).toBe(starter.session?.user.id);
    expect(end!.details).toMatchObject({
      revoked: 1,
      stopped: 11,
      stoppedBy: admin.session?.user.id,
    });
    // The audit log names who stopped it as it names an entry's actor, never by a bare id.
    const log = (await admin.get('/api/audit?action=token.bulk-revoke')).json<AuditList>();
    const listed = log.items.find((item) => item.subject === id);
    const { id: adminId, email, displayName } = admin.session!.user;
    expect(listed?.details.stoppedBy).toEqual({ id: adminId, email, displayName });
    expect(listed?.actor?.id).toBe(starter.session?.user.id);

    // Stopping a finished job answers it as it is; its failures are not tried again.
    const late = await starter.post(`/api/tokens/revocations/${id}/cancel`);
    expect(late.statusCode).toBe(200);
    expect(late.json<BulkRevocation>()).toMatchObject({ state: 'done', stopped: 11 });
    const retry = await starter.post(`/api/tokens/revocations/${id}/retry`);
    expect(retry.statusCode).toBe(409);
    expect(retry.json()).toMatchObject({ code: 'stopped' });
    expect(retry.json().message).toMatch(/was stopped/);
    expect(
      await auditEntries(t.app.db, { subject: id, action: 'token.bulk-revoke-stop' }),
    ).toHaveLength(1);
  }, 60_000);

  it('should stop a job running on another replica of the same database', async () => {
    const replicas = await oneDatabase('stop');
    const first = await replicas.start();
    try {
      const starter = await staffClient(first.app, 'admin');
      await createMany(starter, 20, { tag: 'elsewhere-leak', revocable: true });
      const held = proxy.hold(REVOKE);
      proxy.fail(REVOKE, { busy: { retryAfter: '20' } });
      const started = await starter.post('/api/tokens/revocations', {
        filter: { tag: 'elsewhere-leak' },
        expectedCount: 20,
      });
      const { id } = started.json<BulkRevocation>();
      await held.arrived;

      const there = sameSession(await replicas.start(), starter);
      const stopped = await there.post(`/api/tokens/revocations/${id}/cancel`);
      expect(stopped.statusCode).toBe(200);
      const asked = proxy.received(REVOKE);

      first.clock.advance(20_000);
      held.release();
      const done = await vi.waitFor(
        async () => {
          const now = (await there.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
          expect(now.state).toBe('done');
          return now;
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(done).toMatchObject({ revoked: 1, stopped: 19, failed: 0, pending: 0 });
      expect(proxy.received(REVOKE)).toBe(asked);
    } finally {
      proxy.heal();
      await replicas.close();
    }
  }, 60_000);

  it('should end as stopped, naming who stopped it, a job stopped as its last token settled', async () => {
    const starter = await staffClient(t.app, 'editor');
    await createMany(starter, 2, { tag: 'late-stop', revocable: true });
    proxy.fail(REVOKE, 'status-500');
    const repo = t.app.repos.ledger.bulkRevocations;
    const finish = repo.finish.bind(repo);
    // The stop comes after the runner's last look for one, just before its end is written.
    const stopAtEnd = vi.spyOn(repo, 'finish').mockImplementationOnce(async (id, ...rest) => {
      const stopped = await admin.post(`/api/tokens/revocations/${id}/cancel`);
      expect(stopped.statusCode).toBe(200);
      return finish(id, ...rest);
    });
    try {
      const started = await starter.post('/api/tokens/revocations', {
        filter: { tag: 'late-stop' },
        expectedCount: 2,
      });
      expect(started.statusCode).toBe(202);
      const { id } = started.json<BulkRevocation>();
      const done = await finished(starter, id);
      expect(stopAtEnd).toHaveBeenCalled();
      expect(done).toMatchObject({
        failed: 2,
        stopped: 0,
        stoppedBy: { id: admin.session?.user.id },
      });
      // One end, and it says what the summary says: stopped, by whom, so its failures stay.
      const ends = await auditEntries(t.app.db, { subject: id, action: 'token.bulk-revoke' });
      expect(ends).toHaveLength(1);
      expect(ends[0]!.details).toMatchObject({
        failed: 2,
        stopped: 0,
        stoppedBy: admin.session?.user.id,
      });
      expect(
        await auditEntries(t.app.db, { subject: id, action: 'token.bulk-revoke-stop' }),
      ).toHaveLength(1);
    } finally {
      stopAtEnd.mockRestore();
      proxy.heal();
    }
  });

  it('should end at once a stopped job that no runner holds', async () => {
    await createMany(admin, 3, { tag: 'orphan-stop', revocable: true });
    // Its starter's account is gone and its replica stopped: nobody takes it over.
    const id = '01a23000-0000-7000-8000-00000000c0de';
    await deadRunnerJob(id, 'orphan-stop');
    const stopped = await admin.post(`/api/tokens/revocations/${id}/cancel`);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json<BulkRevocation>()).toMatchObject({
      state: 'done',
      revoked: 0,
      stopped: 3,
      pending: 0,
      stoppedBy: { id: admin.session?.user.id },
    });
    expect(await preview(admin, 'tag=orphan-stop')).toMatchObject({ count: 3 });
    const [end] = await auditEntries(t.app.db, { subject: id, action: 'token.bulk-revoke' });
    expect(end!.details).toMatchObject({ stopped: 3, revoked: 0 });
  });

  it('should count the revokes a dead runner sent as the ledger has them when its job is stopped', async () => {
    await createMany(admin, 3, { tag: 'orphan-sent', revocable: true });
    // Its runner died after sending two revokes: one went through (the ledger says revoked),
    // one has no answer yet (revocation pending); its items were never settled.
    const id = '01a23000-0000-7000-8000-00000000c5e4';
    const [through, inFlight] = (await deadRunnerJob(id, 'orphan-sent')) as [string, string];
    expect((await admin.post(`/api/tokens/${through}/revoke`)).statusCode).toBe(200);
    const adminId = admin.session!.user.id;
    await t.app.repos.ledger.revocations.request(inFlight, adminId, t.app.now());
    const stopped = await admin.post(`/api/tokens/revocations/${id}/cancel`);
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json<BulkRevocation>()).toMatchObject({
      state: 'done',
      revoked: 1,
      stopped: 1,
      pending: 1,
      sent: 1,
    });
    const [stop] = await auditEntries(t.app.db, { subject: id, action: 'token.bulk-revoke-stop' });
    expect(stop!.details).toMatchObject({ revoked: 1, left: 1, sent: 1 });
    const [end] = await auditEntries(t.app.db, { subject: id, action: 'token.bulk-revoke' });
    expect(end!.details).toMatchObject({ revoked: 1, stopped: 1, sent: 1 });
    // The ledger learns that the one in flight was revoked: the job counts it so.
    await t.app.repos.ledger.markRevoked(inFlight, adminId, t.app.now());
    const settled = (await admin.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
    expect(settled).toMatchObject({ revoked: 2, stopped: 1, pending: 0, sent: 0 });
  });
});

describe('revoke by filter of a stream', () => {
  it('should count the matches that play more than the stream: a stream group or every stream', async () => {
    await createMany(admin, 2, {
      tag: 'cn480-leak',
      revocable: true,
      target: { type: 'streams', streams: ['DmEvt-Cn480'] },
    });
    await createToken(admin, {
      tag: 'cn480-leak',
      revocable: true,
      target: { type: 'group', groupId: 'a1000000-0000-4000-8000-000000000002' },
    });
    await createToken(admin, {
      tag: 'cn480-leak',
      revocable: true,
      target: { type: 'organisation' },
    });

    const byStream = await preview(admin, 'tag=cn480-leak&stream=DmEvt-Cn480');
    expect(byStream).toMatchObject({ count: 4, widerTargets: 2 });
    // Without a stream filter every match is meant, whatever it plays.
    expect((await preview(admin, 'tag=cn480-leak')).widerTargets).toBeUndefined();
  });

  it('should preview and revoke only the target types the filter names', async () => {
    await createMany(admin, 2, {
      tag: 'type-leak',
      revocable: true,
      target: { type: 'streams', streams: ['DmEvt-Cn480'] },
    });
    await createToken(admin, {
      tag: 'type-leak',
      revocable: true,
      target: { type: 'organisation' },
    });
    const own = await preview(admin, 'tag=type-leak&stream=DmEvt-Cn480&targetType=streams');
    expect(own).toMatchObject({ count: 2, widerTargets: 0 });
    expect(own.sample.map((record) => record.target.type)).toEqual(['streams', 'streams']);

    const filter = { tag: 'type-leak', stream: 'DmEvt-Cn480', targetType: 'streams' };
    const started = await admin.post('/api/tokens/revocations', { filter, expectedCount: 2 });
    expect(started.statusCode, started.body).toBe(202);
    const done = await finished(admin, started.json<BulkRevocation>().id);
    expect(done).toMatchObject({ filter, total: 2, revoked: 2 });
    const left = (await admin.get('/api/tokens?tag=type-leak&status=active')).json<TokenList>();
    expect(left.items.map((record) => record.target.type)).toEqual(['organisation']);
  });
});
