import type { BulkRevocation, StaffSession } from '@ptd/contracts';
import type { TestApp } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/app.ts';
import { batchOptions, createBatch, failRows, guests, waitForBatch } from '../helpers/batches.ts';
import { Client, staffClient } from '../helpers/client.ts';
import { createToken } from '../helpers/tokens.ts';
import type { Pools } from './pools.ts';
import type { RecordingUpstream } from './recording-upstream.ts';
import { keepWellFormed } from './well-formed.ts';

const REVOKE = '/api/v1/splay/revoke';
const POLL_MS = 20;
const WAIT_MS = 15_000;

/** Reads `url` until `done` says so; the jobs and batches below run in the background. */
async function waitFor<T>(client: Client, url: string, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = (await client.get(url)).json<T>();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${url} did not get there: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function ok(response: Promise<{ statusCode: number; body: string }>, status: number) {
  const answer = await response;
  if (answer.statusCode !== status) throw new Error(`${status} expected: ${answer.body}`);
  return JSON.parse(answer.body || 'null') as unknown;
}

/** `count` active revocable tokens tagged `tag`: a filter on the tag names them and no other. */
async function tagged(admin: Client, tag: string, count: number) {
  for (let i = 0; i < count; i += 1) await createToken(admin, { revocable: true, tag });
}

/** The session `client` is signed in with. */
async function currentSession(client: Client) {
  const sessions = (await client.get('/api/sessions')).json<StaffSession[]>();
  const current = sessions.find((session) => session.current);
  if (!current) throw new Error('no current session in the list');
  return current.id;
}

/**
 * Records in the states the event operations accept, each route's well-formed request naming
 * its own (so one route's request never takes another's record away), their ids in the pools
 * for random requests to name:
 *
 * - batches: one finished with tokens to download, one with a failed row to retry, one
 *   cancelled with rows left to mint (resume), one still minting when the run cancels it;
 * - revokes by filter: a request for tokens of a tag of their own, a job whose revokes failed
 *   (retry), a stopped one (or done, had its one revoke come first; stopping it again answers
 *   it as it is);
 * - sessions: another session of the admin (theirs to end), one of an editor (an admin's).
 */
export async function seedEvents(
  t: TestApp,
  admin: Client,
  pools: Pools,
  upstream: RecordingUpstream,
) {
  // Each waits on work in the background (minting, revoking, hashing a password): side by side.
  await Promise.all([
    seedBatches(t, admin, pools),
    seedRevocations(admin, pools, upstream),
    seedSessions(t, admin, pools),
  ]);
  // Last: still minting (5 s of rows) when the run's well-formed cancel comes.
  const minting = await createBatch(admin, guests(100, 'cancel-'));
  pools.keepParams('POST /api/token-batches/:id/cancel', { id: minting.id });
  pools.add('batchId', minting.id);
}

async function seedBatches(t: TestApp, admin: Client, pools: Pools) {
  keepWellFormed(pools, 'POST /api/token-batches', {
    options: batchOptions(),
    rows: guests(2, 'fuzz-batch-'),
  });

  const results = await createBatch(admin, guests(2, 'results-'));
  await waitForBatch(admin, results.id);
  pools.keepParams('POST /api/token-batches/:id/results', { id: results.id });

  const failing = await createBatch(admin, guests(2, 'retry-'));
  await waitForBatch(admin, failing.id);
  await failRows(t.app, failing.id, 2);
  pools.keepParams('POST /api/token-batches/:id/retry', { id: failing.id });

  // Minted at BULK_MINT_RATE_PER_SECOND (20): a cancel right away leaves most rows unminted.
  const cancelled = await createBatch(admin, guests(20, 'resume-'));
  await ok(admin.post(`/api/token-batches/${cancelled.id}/cancel`), 200);
  const stopped = await waitForBatch(admin, cancelled.id, (batch) => batch.finishedAt !== null);
  if (stopped.counts.cancelled === 0) throw new Error('the batch was minted before its cancel');
  pools.keepParams('POST /api/token-batches/:id/resume', { id: cancelled.id });
  for (const id of [results.id, failing.id, cancelled.id]) pools.add('batchId', id);
}

async function seedRevocations(admin: Client, pools: Pools, upstream: RecordingUpstream) {
  await tagged(admin, 'filter-revoke', 2);
  keepWellFormed(pools, 'POST /api/tokens/revocations', {
    filter: { tag: 'filter-revoke' },
    expectedCount: 2,
  });

  await tagged(admin, 'failing-revoke', 2);
  upstream.failNext(REVOKE, 2);
  const failed = (await ok(
    admin.post('/api/tokens/revocations', { filter: { tag: 'failing-revoke' }, expectedCount: 2 }),
    202,
  )) as BulkRevocation;
  const failedJob = `/api/tokens/revocations/${failed.id}`;
  const done = await waitFor<BulkRevocation>(admin, failedJob, (job) => job.state !== 'running');
  if (done.failed !== 2) throw new Error(`the revokes did not fail: ${JSON.stringify(done)}`);
  pools.keepParams('POST /api/tokens/revocations/:id/retry', { id: failed.id });

  await tagged(admin, 'stopped-revoke', 1);
  const stopping = (await ok(
    admin.post('/api/tokens/revocations', { filter: { tag: 'stopped-revoke' }, expectedCount: 1 }),
    202,
  )) as BulkRevocation;
  await ok(admin.post(`/api/tokens/revocations/${stopping.id}/cancel`), 200);
  pools.keepParams('POST /api/tokens/revocations/:id/cancel', { id: stopping.id });
  for (const id of [failed.id, stopping.id]) pools.add('revocationId', id);
}

async function seedSessions(t: TestApp, admin: Client, pools: Pools) {
  const elsewhere = new Client(t.app);
  const signedIn = await elsewhere.signIn(admin.session?.user.email ?? '', PASSWORD);
  if (signedIn.statusCode !== 200) throw new Error(`second sign-in: ${signedIn.body}`);
  const other = await currentSession(elsewhere);
  pools.keepParams('DELETE /api/sessions/:id', { id: other });
  const editor = await staffClient(t.app, 'editor');
  const editorId = editor.session?.user.id ?? '';
  const editorSession = await currentSession(editor);
  pools.keepParams('DELETE /api/staff/:id/sessions/:sessionId', {
    id: editorId,
    sessionId: editorSession,
  });
  pools.add('staffId', editorId);
  for (const id of [other, editorSession]) pools.add('sessionId', id);
}
