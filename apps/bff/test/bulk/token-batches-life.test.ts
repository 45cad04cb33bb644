import { createTokenRequestSchema, type BulkBatch } from '@ptd/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { finishedAudit } from '../../src/services/bulk/batch-facts.ts';
import { bulkDeps } from '../../src/services/bulk/deps.ts';
import { mintToken } from '../../src/services/tokens/create.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { auditEntries } from '../helpers/audit.ts';
import { batchOptions, createBatch, failRows, guests, waitForBatch } from '../helpers/batches.ts';
import { Client, staffClient } from '../helpers/client.ts';
import { dropTestDatabase, onPostgres } from '../helpers/database.ts';
import { useTestApp, useTestUpstream } from '../helpers/fixture.ts';

const upstream = useTestUpstream('faulty');
const { proxy } = upstream;

const ledgerOf = (t: TestApp, batchId: string) =>
  t.app.db.selectFrom('ledger').select(['id', 'state']).where('batch_id', '=', batchId).execute();

/** The batch was held by another process's worker, which died (its lease has run out). */
const heldByDeadReplica = (t: TestApp, batchId: string) =>
  t.app.db
    .updateTable('bulk_batch')
    .set({ lease_owner: 'dead-replica', lease_until: t.app.now() - 1 })
    .where('id', '=', batchId)
    .execute();

/** The worker that died had these rows at the token service. */
const leftMinting = (t: TestApp, batchId: string, rows: number[]) =>
  t.app.db
    .updateTable('bulk_row')
    .set({ state: 'minting' })
    .where('batch_id', '=', batchId)
    .where('n', 'in', rows)
    .execute();

/** The batch's audit entries, oldest first, once `count` of them are there. */
const auditOf = (t: TestApp, batchId: string, count: number) =>
  vi.waitFor(async () => {
    const entries = await auditEntries(t.app.db, { subject: batchId }, ['action', 'details']);
    expect(entries).toHaveLength(count);
    return entries;
  });

/**
 * The app's worker looks for no batch (a closed one would refuse new ones with 503 stopping):
 * batches created now wait for another worker.
 */
const idle = (t: TestApp) => vi.spyOn(t.app.bulkWorker, 'kick').mockImplementation(() => {});

const SLOW = { BULK_MINT_RATE_PER_SECOND: '10', BULK_MINT_CONCURRENCY: '2' };

describe('a batch over time', () => {
  const {
    t,
    clients: { editor },
  } = useTestApp({
    upstream,
    env: { ...SLOW, UPSTREAM_TIMEOUT_MS: '500', UPSTREAM_CONNECT_TIMEOUT_MS: '300' },
    clients: { editor: 'editor' },
  });

  it('should stop at cancel: rows not started stay unminted', async () => {
    const batch = await createBatch(editor, guests(40, 'cancel-'));
    await waitForBatch(editor, batch.id, (b) => b.counts.minted >= 3);
    const cancelled = await editor.post(`/api/token-batches/${batch.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<BulkBatch>().state).toBe('cancelled');
    // Rows in flight finish; nothing after them.
    const final = await waitForBatch(
      editor,
      batch.id,
      (b) => b.counts.pending + b.counts.minting === 0,
    );
    expect(final.counts.cancelled).toBeGreaterThan(20);
    expect(final.counts.minted + final.counts.cancelled).toBe(40);
    expect(final.counts.pending + final.counts.minting).toBe(0);
    expect(await ledgerOf(t, batch.id)).toHaveLength(final.counts.minted);
    expect(final.resultsAvailable).toBe(true);
    // Once the rows in flight are done, the audit log has the counts the batch ended with.
    const entries = await auditOf(t, batch.id, 3);
    expect(entries.map((entry) => entry.action)).toEqual([
      'batch.create',
      'batch.cancel',
      'batch.finish',
    ]);
    expect(entries[2]!.details).toEqual({
      minted: final.counts.minted,
      failed: 0,
      cancelled: final.counts.cancelled,
    });
    const csv = (await editor.post(`/api/token-batches/${batch.id}/results`)).body;
    expect(csv.trim().split('\r\n')).toHaveLength(final.counts.minted + 1);
  });

  it('should mint a cancelled batch’s rows later, each once, into its one download', async () => {
    const batch = await createBatch(editor, guests(30, 'resume-'));
    await waitForBatch(editor, batch.id, (b) => b.counts.minted >= 3);
    await editor.post(`/api/token-batches/${batch.id}/cancel`);
    const cancelled = await waitForBatch(editor, batch.id, (b) => b.finishedAt !== null);
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);

    const headers = { 'idempotency-key': 'batch-resume-1' };
    const resumed = await editor.post(`/api/token-batches/${batch.id}/resume`, undefined, {
      headers,
    });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json<BulkBatch>()).toMatchObject({
      state: 'minting',
      finishedAt: null,
      resultsAvailable: false,
      counts: { cancelled: 0 },
    });
    const done = await waitForBatch(editor, batch.id);
    expect(done).toMatchObject({
      state: 'finished',
      counts: { minted: 30, failed: 0, cancelled: 0, pending: 0 },
      resultsAvailable: true,
    });
    const ledger = await ledgerOf(t, batch.id);
    expect(ledger).toHaveLength(30);
    expect(ledger.every((row) => row.state === 'issued')).toBe(true);
    // The same key sent again answers the batch as it is; nothing is minted twice.
    const resent = await editor.post(`/api/token-batches/${batch.id}/resume`, undefined, {
      headers,
    });
    expect(resent.statusCode).toBe(200);
    const again = await editor.post(`/api/token-batches/${batch.id}/resume`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'nothing-to-resume' });

    const entries = await auditOf(t, batch.id, 5);
    expect(entries.map((entry) => entry.action)).toEqual([
      'batch.create',
      'batch.cancel',
      'batch.finish',
      'batch.resume',
      'batch.finish',
    ]);
    expect(entries[3]!.details).toEqual({ rows: cancelled.counts.cancelled });
    expect(entries[4]!.details).toEqual({ minted: 30, failed: 0, cancelled: 0 });
    const listed = (await editor.get('/api/token-batches')).json<{ items: BulkBatch[] }>();
    expect(listed.items.find((item) => item.id === batch.id)).toMatchObject({
      state: 'finished',
      counts: { minted: 30, cancelled: 0 },
    });
    const csv = (await editor.post(`/api/token-batches/${batch.id}/results`)).body;
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(31);
    expect(new Set(lines.slice(1).map((line) => line.split(',')[0])).size).toBe(30);
  });

  it('should refuse to mint cancelled rows once the results were downloaded or erased', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      const other = await staffClient(t.app, 'editor');
      // A token to download, and rows cancelled after it.
      const downloaded = await createBatch(editor, guests(40, 'resume-late-'));
      await waitForBatch(editor, downloaded.id, (b) => b.counts.minted >= 1);
      await editor.post(`/api/token-batches/${downloaded.id}/cancel`);
      await waitForBatch(editor, downloaded.id, (b) => b.finishedAt !== null);
      const kick = idle(t);
      const erased = await createBatch(editor, guests(2, 'resume-erased-'));
      await editor.post(`/api/token-batches/${erased.id}/cancel`);
      // Another editor is told the batch does not exist.
      expect((await other.post(`/api/token-batches/${downloaded.id}/resume`)).statusCode).toBe(404);
      expect((await editor.post(`/api/token-batches/${downloaded.id}/results`)).statusCode).toBe(
        200,
      );
      const late = await editor.post(`/api/token-batches/${downloaded.id}/resume`);
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({
        code: 'results-downloaded',
        message: expect.stringMatching(/Create a new batch for those rows/),
      });
      await t.app.repos.batches.expireResults(t.app.now() + 1, t.app.now());
      const gone = await editor.post(`/api/token-batches/${erased.id}/resume`);
      expect(gone.statusCode).toBe(409);
      expect(gone.json()).toMatchObject({ code: 'results-expired' });
      kick.mockRestore();
      expect((await editor.get(`/api/token-batches/${erased.id}`)).json<BulkBatch>()).toMatchObject(
        { state: 'cancelled', counts: { cancelled: 2 } },
      );
    } finally {
      await t.close();
    }
  });

  it('should fail a cancelled row whose expiry has passed when it is minted later, saying why', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      const admin = await staffClient(t.app, 'admin');
      const kick = idle(t);
      const soon = new Date(t.app.now() + 5 * 60_000).toISOString();
      const batch = await createBatch(editor, [
        { user: 'resume-soon', expiresAt: soon },
        { user: 'resume-preset' },
      ]);
      await editor.post(`/api/token-batches/${batch.id}/cancel`);
      // Ten minutes later: row 1's expiry has passed; row 2's lifetime counts from its minting.
      t.clock.advance(10 * 60_000);
      kick.mockRestore();
      // The batch's creator or an admin may.
      const resumed = await admin.post(`/api/token-batches/${batch.id}/resume`);
      expect(resumed.statusCode).toBe(200);
      const done = await waitForBatch(editor, batch.id);
      expect(done.counts).toMatchObject({ minted: 1, failed: 1, cancelled: 0 });
      expect(done.failedRows).toEqual([
        {
          row: 1,
          user: 'resume-soon',
          tag: null,
          reason: expect.stringMatching(/^Expiry: must be in the future\..*new batch/),
        },
      ]);
      expect(await ledgerOf(t, batch.id)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('should record the counts of a batch cancelled before a row was started, never downloaded', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      // No worker has taken the batch up yet.
      idle(t);
      const batch = await createBatch(editor, guests(3, 'unstarted-'));
      const cancelled = (
        await editor.post(`/api/token-batches/${batch.id}/cancel`)
      ).json<BulkBatch>();
      expect(cancelled).toMatchObject({ state: 'cancelled', counts: { cancelled: 3 } });
      expect(cancelled.finishedAt).not.toBeNull();
      const entries = await auditOf(t, batch.id, 3);
      expect(entries.slice(1)).toEqual([
        { action: 'batch.cancel', details: {} },
        { action: 'batch.finish', details: { minted: 0, failed: 0, cancelled: 3 } },
      ]);
      // Cancelling again changes nothing and records nothing.
      expect((await editor.post(`/api/token-batches/${batch.id}/cancel`)).statusCode).toBe(200);
      expect(await auditOf(t, batch.id, 3)).toHaveLength(3);
    } finally {
      await t.close();
    }
  });

  it('should hand out a cancelled batch’s tokens only once the rows in flight are done, those included', async () => {
    const held = proxy.hold('/api/v1/splay');
    const batch = await createBatch(editor, guests(1, 'in-flight-'));
    // The token service has made row 1's token; its answer is on the way.
    await held.arrived;
    const cancelled = (
      await editor.post(`/api/token-batches/${batch.id}/cancel`)
    ).json<BulkBatch>();
    expect(cancelled).toMatchObject({ state: 'cancelled', counts: { minting: 1 } });
    expect(cancelled.resultsAvailable).toBe(false);
    const early = await editor.post(`/api/token-batches/${batch.id}/results`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'rows-in-flight',
      message: expect.stringMatching(/1 token of this batch is still being issued/),
    });

    held.release();
    const done = await waitForBatch(editor, batch.id, (b) => b.counts.minting === 0);
    expect(done).toMatchObject({ counts: { minted: 1 }, resultsAvailable: true });
    expect((await auditOf(t, batch.id, 3))[2]).toEqual({
      action: 'batch.finish',
      details: { minted: 1, failed: 0, cancelled: 0 },
    });
    const csv = (await editor.post(`/api/token-batches/${batch.id}/results`)).body;
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^in-flight-1,/);
    const kept = await t.app.db
      .selectFrom('bulk_row')
      .select('encrypted_token')
      .where('batch_id', '=', batch.id)
      .execute();
    expect(kept).toEqual([{ encrypted_token: null }]);
  });

  it('should hand out a cancelled batch’s tokens only once a row in flight told to wait is done too', async () => {
    // The second row's request is answered "too many requests, ask again in 1 s".
    proxy.fail('/api/v1/splay', { busy: { retryAfter: '1' } }, 2);
    const batches = t.app.repos.batches;
    const rowLater = batches.rowLater.bind(batches);
    let batchId = '';
    let meanwhile: { available: boolean; download: number } | undefined;
    // Cancelled while that row was at the token service; the other row is minted meanwhile.
    const cancelMeanwhile = vi
      .spyOn(batches, 'rowLater')
      .mockImplementationOnce(async (id, n, at, owner) => {
        expect((await editor.post(`/api/token-batches/${id}/cancel`)).statusCode).toBe(200);
        const later = await rowLater(id, n, at, owner);
        const waiting = await waitForBatch(editor, id, (b) => b.counts.minting === 0);
        const download = await editor.post(`/api/token-batches/${id}/results`);
        meanwhile = { available: waiting.resultsAvailable, download: download.statusCode };
        expect(download.json()).toMatchObject({
          code: 'rows-in-flight',
          message: expect.stringMatching(/1 token of this batch is still being issued/),
        });
        return later;
      });
    try {
      const batch = await createBatch(editor, guests(2, 'told-to-wait-'));
      batchId = batch.id;
      const done = await waitForBatch(editor, batch.id, (b) => b.finishedAt !== null);
      expect(cancelMeanwhile).toHaveBeenCalled();
      expect(meanwhile).toEqual({ available: false, download: 409 });
      expect(done).toMatchObject({ state: 'cancelled', counts: { minted: 2, pending: 0 } });
    } finally {
      cancelMeanwhile.mockRestore();
      proxy.heal();
    }
    const csv = (await editor.post(`/api/token-batches/${batchId}/results`)).body;
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    const kept = await t.app.db
      .selectFrom('bulk_row')
      .select('encrypted_token')
      .where('batch_id', '=', batchId)
      .where('encrypted_token', 'is not', null)
      .execute();
    expect(kept).toEqual([]);
  });

  it('should list failed rows with the reason in our words, and retry only those', async () => {
    proxy.fail('/api/v1/splay', {
      leak: { status: 500, message: 'internal boom with secret-ish text' },
    });
    const batch = await createBatch(editor, guests(4, 'retry-'));
    const failed = await waitForBatch(editor, batch.id);
    expect(failed.state).toBe('finished');
    expect(failed.counts).toMatchObject({ failed: 4, minted: 0 });
    expect(failed.failedRows[0]).toMatchObject({ row: 1, user: 'retry-1' });
    expect(failed.failedRows[0]!.reason).toMatch(/token service/i);
    expect(JSON.stringify(failed)).not.toContain('secret-ish');
    expect(failed.resultsAvailable).toBe(false);

    proxy.heal();
    const retried = await editor.post(`/api/token-batches/${batch.id}/retry`);
    expect(retried.statusCode).toBe(200);
    const done = await waitForBatch(editor, batch.id);
    expect(done.counts).toMatchObject({ failed: 0, minted: 4 });
    expect((await editor.post(`/api/token-batches/${batch.id}/retry`)).statusCode).toBe(409);
    const actions = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject', '=', batch.id)
      .orderBy('at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'batch.create',
      'batch.finish',
      'batch.retry',
      'batch.finish',
    ]);
    expect(JSON.parse(actions[1]!.details)).toEqual({ minted: 0, failed: 4, cancelled: 0 });
    expect(JSON.parse(actions[2]!.details)).toEqual({ rows: 4 });
    await editor.post(`/api/token-batches/${batch.id}/results`);
    const afterDownload = await editor.post(`/api/token-batches/${batch.id}/retry`);
    expect(afterDownload.statusCode).toBe(409);
  });

  // PostgreSQL only: SQLite runs one transaction at a time, so there the two cannot overlap.
  it.skipIf(!onPostgres)(
    'should not end a batch whose failed rows a retry put back while its end was being written',
    async () => {
      const own = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
      try {
        const creator = await staffClient(own.app, 'editor');
        idle(own);
        const batch = await createBatch(creator, guests(2, 'retried-at-end-'));
        // Every row done (failed), its end not yet written: as its worker sees it after the last.
        await failRows(own.app, batch.id);
        const lockWaits = (count: number) =>
          vi.waitFor(async () => {
            const { rows } = await sql<{ n: string }>`
              select count(*) as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`.execute(own.app.db);
            expect(Number(rows[0]?.n)).toBe(count);
          });
        // The audit log held for a moment: the retry's transaction has put the rows back and
        // waits to write its entry, holding the batch.
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const lockTaken = new Promise<void>((resolve) => (locked = resolve));
        const lock = own.app.db.transaction().execute(async (trx) => {
          await sql`lock table audit_log in share mode`.execute(trx);
          locked();
          await held;
        });
        await lockTaken;
        const retry = creator.post(`/api/token-batches/${batch.id}/retry`);
        await lockWaits(1);
        // The worker writes the end meanwhile: it found no row left before the retry committed.
        const deps = bulkDeps(own.app);
        const ended = own.app.repos.batches.finishIfDone(batch.id, own.app.now(), () =>
          finishedAudit(deps, batch.id),
        );
        await lockWaits(2);
        release();
        await lock;
        expect((await retry).statusCode).toBe(200);
        expect(await ended).toBe(false);
        const now = (await creator.get(`/api/token-batches/${batch.id}`)).json<BulkBatch>();
        expect(now).toMatchObject({
          state: 'minting',
          finishedAt: null,
          counts: { pending: 2, failed: 0 },
        });
        expect(
          (await auditEntries(own.app.db, { subject: batch.id })).map((entry) => entry.action),
        ).toEqual(['batch.create', 'batch.retry']);
      } finally {
        await own.close();
      }
    },
  );

  it('should not spend the one download on a batch that minted no token, so its failed rows can still be retried', async () => {
    proxy.fail('/api/v1/splay', 'status-500');
    const batch = await createBatch(editor, guests(2, 'none-minted-'));
    const failed = await waitForBatch(editor, batch.id);
    expect(failed).toMatchObject({ counts: { failed: 2, minted: 0 }, resultsAvailable: false });
    proxy.heal();
    // The page offers no download; the server hands out no empty file either.
    const empty = await editor.post(`/api/token-batches/${batch.id}/results`);
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({
      code: 'nothing-to-download',
      message: expect.stringMatching(/no token.*Retry the failed rows/i),
    });
    expect((await editor.get(`/api/token-batches/${batch.id}`)).json<BulkBatch>()).toMatchObject({
      resultsDownloadedAt: null,
    });
    expect((await auditOf(t, batch.id, 2)).map((entry) => entry.action)).toEqual([
      'batch.create',
      'batch.finish',
    ]);

    expect((await editor.post(`/api/token-batches/${batch.id}/retry`)).statusCode).toBe(200);
    const done = await waitForBatch(editor, batch.id);
    expect(done).toMatchObject({ counts: { minted: 2, failed: 0 }, resultsAvailable: true });
    const csv = (await editor.post(`/api/token-batches/${batch.id}/results`)).body;
    expect(csv.trim().split('\r\n')).toHaveLength(3);
  });

  it('should not retry failed rows once the tokens were erased: what it minted could never be downloaded', async () => {
    const own = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const creator = await staffClient(own.app, 'editor');
      proxy.fail('/api/v1/splay', 'status-500');
      const batch = await createBatch(creator, guests(2, 'retry-erased-'));
      expect((await waitForBatch(creator, batch.id)).counts).toMatchObject({ failed: 2 });
      proxy.heal();
      // A week after minting ended, nobody having downloaded the results.
      await own.app.repos.batches.expireResults(own.app.now() + 1, own.app.now());
      const late = await creator.post(`/api/token-batches/${batch.id}/retry`);
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({
        code: 'results-expired',
        message: expect.stringMatching(/erased.*Create a new batch for those rows/),
      });
      expect((await creator.get(`/api/token-batches/${batch.id}`)).json<BulkBatch>()).toMatchObject(
        { state: 'finished', counts: { failed: 2, minted: 0 } },
      );
      expect(await ledgerOf(own, batch.id)).toEqual([]);
      const sealed = await own.app.db
        .selectFrom('bulk_row')
        .select('encrypted_token')
        .where('batch_id', '=', batch.id)
        .where('encrypted_token', 'is not', null)
        .execute();
      expect(sealed).toEqual([]);
    } finally {
      proxy.heal();
      await own.close();
    }
  });

  it('should retry once for one Idempotency-Key when the answer to the retry was lost and it is sent again', async () => {
    proxy.fail('/api/v1/splay', 'status-500');
    const batch = await createBatch(editor, guests(2, 'resent-retry-'));
    await waitForBatch(editor, batch.id);
    const headers = { 'idempotency-key': 'batch-retry-1' };
    const retried = await editor.post(`/api/token-batches/${batch.id}/retry`, undefined, {
      headers,
    });
    expect(retried.statusCode).toBe(200);
    // The rows fail again before the retry is sent again (a proxy's timeout, the browser).
    const again = await waitForBatch(editor, batch.id);
    expect(again.counts).toMatchObject({ failed: 2, minted: 0 });
    const resent = await editor.post(`/api/token-batches/${batch.id}/retry`, undefined, {
      headers,
    });
    expect(resent.statusCode).toBe(200);
    expect(resent.json<BulkBatch>().id).toBe(batch.id);
    const entries = await auditOf(t, batch.id, 4);
    expect(entries.map((entry) => entry.action)).toEqual([
      'batch.create',
      'batch.finish',
      'batch.retry',
      'batch.finish',
    ]);
    // The key is the batch's: another batch's retry with it is its own.
    proxy.heal();
    const other = await createBatch(editor, guests(1, 'other-retry-'));
    await waitForBatch(editor, other.id);
    const refused = await editor.post(`/api/token-batches/${other.id}/retry`, undefined, {
      headers,
    });
    expect(refused.json()).toMatchObject({ code: 'nothing-to-retry' });
  });

  it('should wait as long as the token service asks and try again, failing no row', async () => {
    proxy.fail('/api/v1/splay', { busy: { retryAfter: '30' } });
    const asked = t.clock.now();
    const single = await editor.post('/api/tokens', {
      target: { type: 'streams', streams: ['DmEvt-CupFn'] },
    });
    expect(single.statusCode).toBe(503);
    expect(single.json()).toMatchObject({ code: 'upstream-busy' });
    // The browser is asked to wait as long as the token service asked.
    expect(single.headers['retry-after']).toBe('30');
    const batch = await createBatch(editor, guests(2, 'busy-'));
    // Each row was tried, refused with 429 and put back to wait.
    const deadline = Date.now() + 5000;
    for (;;) {
      const rows = await t.app.db
        .selectFrom('bulk_row')
        .select(['state', 'not_before_ms'])
        .where('batch_id', '=', batch.id)
        .execute();
      if (rows.every((row) => row.state === 'pending' && row.not_before_ms !== null)) {
        // Its Retry-After (30 s), not a fixed wait.
        for (const row of rows) {
          expect(Number(row.not_before_ms) - asked).toBeGreaterThanOrEqual(30_000);
          expect(Number(row.not_before_ms) - asked).toBeLessThan(35_000);
        }
        break;
      }
      if (Date.now() > deadline) throw new Error(`rows not put back: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const waiting = (await editor.get(`/api/token-batches/${batch.id}`)).json<BulkBatch>();
    expect(waiting).toMatchObject({ state: 'minting', counts: { failed: 0, pending: 2 } });
    proxy.heal();
    // The app's clock past the rows' wait, as waiting it out would move it.
    t.clock.advance(30_000);
    const done = await waitForBatch(editor, batch.id, undefined, 15_000);
    expect(done.counts).toMatchObject({ minted: 2, failed: 0 });
  });

  it('should stop a batch whose creator was disabled meanwhile, failing the rest with that reason', async () => {
    const admin = await staffClient(t.app, 'admin');
    const leaving = await staffClient(t.app, 'editor');
    const batch = await createBatch(leaving, guests(40, 'leaver-'));
    await waitForBatch(leaving, batch.id, (b) => b.counts.minted >= 2);
    const staffId = leaving.session!.user.id;
    expect((await admin.patch(`/api/staff/${staffId}`, { disabled: true })).statusCode).toBe(200);
    const done = await waitForBatch(admin, batch.id);
    expect(done.state).toBe('finished');
    expect(done.counts.failed).toBeGreaterThan(20);
    expect(done.counts.minted + done.counts.failed).toBe(40);
    expect(done.failedRows.at(-1)!.reason).toMatch(/may no longer create tokens/);
  });

  it('should refuse to retry or resume a batch whose creator may no longer create tokens, saying why', async () => {
    const admin = await staffClient(t.app, 'admin');
    const leaving = await staffClient(t.app, 'editor');
    const staffId = leaving.session!.user.id;
    const failing = await createBatch(leaving, guests(20, 'gone-retry-'));
    const cancelling = await createBatch(leaving, guests(20, 'gone-resume-'));
    await waitForBatch(leaving, cancelling.id, (b) => b.counts.minted >= 1);
    await leaving.post(`/api/token-batches/${cancelling.id}/cancel`);
    await waitForBatch(leaving, cancelling.id, (b) => b.finishedAt !== null);
    expect((await leaving.get(`/api/token-batches/${cancelling.id}`)).json()).toMatchObject({
      creatorMayMint: true,
    });
    // The creator's role is lowered: the rest of the first batch fails.
    expect((await admin.patch(`/api/staff/${staffId}`, { role: 'viewer' })).statusCode).toBe(200);
    const failed = await waitForBatch(admin, failing.id);
    expect(failed.counts.failed).toBeGreaterThan(0);
    expect(failed.creatorMayMint).toBe(false);
    const listed = (await admin.get('/api/token-batches')).json<{ items: BulkBatch[] }>();
    expect(listed.items.find((item) => item.id === failing.id)?.creatorMayMint).toBe(false);

    const retried = await admin.post(`/api/token-batches/${failing.id}/retry`);
    expect(retried.statusCode).toBe(409);
    expect(retried.json()).toMatchObject({
      code: 'creator-not-allowed',
      message: expect.stringMatching(
        /minted as its creator, .+, whose account may no longer create tokens .* its failed rows cannot be minted/,
      ),
    });
    // Disabled as well: minting the cancelled rows is refused likewise.
    expect((await admin.patch(`/api/staff/${staffId}`, { disabled: true })).statusCode).toBe(200);
    const resumed = await admin.post(`/api/token-batches/${cancelling.id}/resume`);
    expect(resumed.statusCode).toBe(409);
    expect(resumed.json()).toMatchObject({
      code: 'creator-not-allowed',
      message: expect.stringMatching(/its cancelled rows cannot be minted/),
    });
    // Nothing was put back or recorded.
    const after = (await admin.get(`/api/token-batches/${cancelling.id}`)).json<BulkBatch>();
    expect(after).toMatchObject({ state: 'cancelled', creatorMayMint: false });
    expect(after.counts.cancelled).toBeGreaterThan(0);
    for (const id of [failing.id, cancelling.id]) {
      const actions = await auditEntries(t.app.db, { subject: id }, ['action']);
      expect(actions.map((entry) => entry.action)).not.toContain('batch.retry');
      expect(actions.map((entry) => entry.action)).not.toContain('batch.resume');
    }

    // Allowed again: the failed rows are retried.
    await admin.patch(`/api/staff/${staffId}`, { disabled: false, role: 'editor' });
    expect((await admin.post(`/api/token-batches/${failing.id}/retry`)).statusCode).toBe(200);
  });

  it('should mint no row for a creator once disabled, apart from those already at the token service', async () => {
    const admin = await staffClient(t.app, 'admin');
    const leaving = await staffClient(t.app, 'editor');
    const batch = await createBatch(leaving, guests(40, 'left-at-once-'));
    await waitForBatch(leaving, batch.id, (b) => b.counts.minted >= 2);
    const staffId = leaving.session!.user.id;
    expect((await admin.patch(`/api/staff/${staffId}`, { disabled: true })).statusCode).toBe(200);
    // What was minted or at the token service when the account was disabled.
    const started = await t.app.db
      .selectFrom('bulk_row')
      .select('n')
      .where('batch_id', '=', batch.id)
      .where('state', 'in', ['minted', 'minting'])
      .execute();
    const done = await waitForBatch(admin, batch.id);
    expect(done.counts.minted).toBeLessThanOrEqual(started.length);
    expect(done.counts.minted + done.counts.failed).toBe(40);
    expect(await ledgerOf(t, batch.id)).toHaveLength(done.counts.minted);
  });

  it('should say the token may exist when its answer was lost, and never mint that row again by itself', async () => {
    proxy.fail('/api/v1/splay', 'lost-answer');
    const batch = await createBatch(editor, guests(2, 'lost-'));
    const done = await waitForBatch(editor, batch.id);
    expect(done.counts.failed).toBe(2);
    expect(done.failedRows[0]!.reason).toMatch(/never delivered/);
    const ledger = await ledgerOf(t, batch.id);
    expect(ledger.map((row) => row.state)).toEqual(['never_delivered', 'never_delivered']);
  });
});

describe('a batch’s current run', () => {
  const HOURS_2 = 2 * 60 * 60_000;

  it('should count a resumed batch’s run from the resume, with the rows settled by then', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      const batch = await createBatch(editor, guests(30, 'run-resume-'));
      expect(batch.run).toEqual({ startedAt: batch.createdAt, settled: 0 });
      await waitForBatch(editor, batch.id, (b) => b.counts.minted >= 3);
      await editor.post(`/api/token-batches/${batch.id}/cancel`);
      const cancelled = await waitForBatch(editor, batch.id, (b) => b.finishedAt !== null);
      expect(cancelled.counts.cancelled).toBeGreaterThan(0);

      // Two hours later (the app's clock): minting the rest is a run of its own.
      t.clock.advance(HOURS_2);
      const admin = await staffClient(t.app, 'admin');
      const before = t.clock.now();
      const resumed = (await admin.post(`/api/token-batches/${batch.id}/resume`)).json<BulkBatch>();
      const after = t.clock.now();
      expect(resumed.createdAt).toBe(batch.createdAt);
      expect(resumed.run.settled).toBe(cancelled.counts.minted + cancelled.counts.failed);
      expect(Date.parse(resumed.run.startedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(resumed.run.startedAt)).toBeLessThanOrEqual(after);

      // The worker that takes it up begins from there, with nothing minted in between.
      const done = await waitForBatch(admin, batch.id);
      expect(done.counts).toMatchObject({ minted: 30, cancelled: 0 });
      expect(done.run.settled).toBe(resumed.run.settled);
      expect(Date.parse(done.run.startedAt)).toBeGreaterThanOrEqual(before);
    } finally {
      await t.close();
    }
  });

  it('should keep the run (and its estimate) when the worker takes its own batch up again after an error', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      const batch = await createBatch(editor, guests(12, 'run-own-'));
      await waitForBatch(editor, batch.id, (b) => b.counts.minted >= 3);
      // A passing error (the database, a moment later) ends the worker's turn on the batch.
      const repo = t.app.repos.batches;
      const failedOnce = vi
        .spyOn(repo, 'nextRows')
        .mockRejectedValueOnce(new Error('connection reset'));
      await vi.waitFor(() =>
        expect(
          t.logs.some((line) => line.msg?.toString().startsWith('working a bulk batch failed')),
        ).toBe(true),
      );
      failedOnce.mockRestore();
      // Minutes later the same worker takes it up again: the same run goes on.
      t.clock.advance(5 * 60_000);
      const done = await vi.waitFor(
        async () => {
          t.app.bulkWorker.kick();
          const now = (await editor.get(`/api/token-batches/${batch.id}`)).json<BulkBatch>();
          expect(now.state).toBe('finished');
          return now;
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(done.counts).toMatchObject({ minted: 12, failed: 0 });
      expect(done.run).toEqual({ startedAt: batch.createdAt, settled: 0 });
    } finally {
      await t.close();
    }
  });

  it('should count a retried batch’s run from the retry, with the rows minted before it', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      // Every other token the service is asked for fails.
      proxy.fail('/api/v1/splay', { leak: { status: 500, message: 'boom' } }, 2);
      const batch = await createBatch(editor, guests(6, 'run-retry-'));
      const failed = await waitForBatch(editor, batch.id);
      expect(failed.counts.failed).toBeGreaterThan(0);
      expect(failed.counts.minted).toBeGreaterThan(0);
      proxy.heal();

      t.clock.advance(HOURS_2);
      const admin = await staffClient(t.app, 'admin');
      const before = t.clock.now();
      const retried = (await admin.post(`/api/token-batches/${batch.id}/retry`)).json<BulkBatch>();
      const after = t.clock.now();
      expect(retried.createdAt).toBe(batch.createdAt);
      // The failed rows are to be minted again: only the minted ones were settled.
      expect(retried.run.settled).toBe(failed.counts.minted);
      expect(Date.parse(retried.run.startedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(retried.run.startedAt)).toBeLessThanOrEqual(after);
      const done = await waitForBatch(admin, batch.id);
      expect(done.counts).toMatchObject({ minted: 6, failed: 0 });
      expect(done.run.settled).toBe(failed.counts.minted);
    } finally {
      proxy.heal();
      await t.close();
    }
  });
});

describe('a batch and a restart of the BFF', () => {
  it('should resume an unfinished batch after a restart and mint each row once', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bff-bulk-'));
    const first = await createTestApp({
      upstreamUrl: proxy.url,
      dataDir,
      keepDataDir: true,
      env: SLOW,
    });
    const editor = await staffClient(first.app, 'editor');
    const batch = await createBatch(editor, guests(30, 'restart-'));
    await waitForBatch(editor, batch.id, (b) => b.counts.minted >= 4);
    await first.close();

    const second = await createTestApp({
      upstreamUrl: proxy.url,
      dataDir,
      keepDataDir: true,
      env: { BULK_MINT_RATE_PER_SECOND: '200' },
    });
    try {
      const again = new Client(second.app);
      again.cookie = editor.cookie;
      again.csrf = editor.csrf;
      const stopped = (await again.get(`/api/token-batches/${batch.id}`)).json<BulkBatch>();
      expect(stopped.counts.minted).toBeLessThan(30);
      const done = await waitForBatch(again, batch.id);
      expect(done.counts).toMatchObject({ minted: 30, failed: 0 });
      const ledger = await ledgerOf(second, batch.id);
      expect(ledger).toHaveLength(30);
      expect(ledger.every((row) => row.state === 'issued')).toBe(true);
    } finally {
      await second.close();
      await rm(dataDir, { recursive: true, force: true });
      await dropTestDatabase(dataDir);
    }
  });

  it('should take over a batch whose worker died, failing only the rows it left half-done', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      // A worker of another process held it and died mid-row (its lease has run out).
      idle(t);
      const batch = await createBatch(editor, guests(3, 'dead-'));
      await heldByDeadReplica(t, batch.id);
      await leftMinting(t, batch.id, [2]);
      // An hour later, another worker looks (an admin follows it: the editor's session idled).
      t.clock.advance(60 * 60_000);
      const admin = await staffClient(t.app, 'admin');
      const takenAt = t.clock.now();
      const { BulkWorker } = await import('../../src/services/bulk/worker.ts');
      const worker = new BulkWorker(bulkDeps(t.app));
      worker.start();
      const done = await waitForBatch(admin, batch.id);
      await worker.close();
      expect(done.counts).toMatchObject({ minted: 2, failed: 1 });
      // Its run began with the takeover, the row left half-done settled (failed) by then.
      expect(done.run.settled).toBe(1);
      expect(Date.parse(done.run.startedAt)).toBeGreaterThanOrEqual(takenAt);
      expect(done.failedRows).toEqual([
        expect.objectContaining({
          row: 2,
          user: 'dead-2',
          reason: expect.stringMatching(/stopped/),
        }),
      ]);
    } finally {
      await t.close();
    }
  });

  it('should say a row’s token exists when the dead worker had it recorded but not kept, and never delivered otherwise', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      idle(t);
      const batch = await createBatch(
        editor,
        guests(3, 'lost-value-'),
        batchOptions({ revocable: true }),
      );
      // The dead worker had rows 1 and 2 at the token service; row 1's token was made and
      // recorded in the ledger, its sealed value not yet stored with the row when it stopped.
      const deps = bulkDeps(t.app);
      const row1 = await t.app.db
        .selectFrom('bulk_row')
        .select('request')
        .where('batch_id', '=', batch.id)
        .where('n', '=', 1)
        .executeTakeFirstOrThrow();
      const staff = await t.app.repos.staff.byId(editor.session!.user.id);
      const minted = await mintToken(
        deps,
        { staff: staff!, ip: null, log: t.app.log, batchId: batch.id, batchRow: 1 },
        createTokenRequestSchema(deps.now).parse(JSON.parse(row1.request)),
      );
      await leftMinting(t, batch.id, [1, 2]);
      await heldByDeadReplica(t, batch.id);
      const { BulkWorker } = await import('../../src/services/bulk/worker.ts');
      const worker = new BulkWorker(deps);
      worker.start();
      const done = await waitForBatch(editor, batch.id);
      await worker.close();
      expect(done.counts).toMatchObject({ minted: 1, failed: 2 });
      expect(done.failedRows).toEqual([
        expect.objectContaining({
          row: 1,
          reason: expect.stringMatching(
            /the token exists, is in the ledger and is valid until its expiry, but its value could not be kept, so it cannot be downloaded\. It can be revoked in Playback tokens\./,
          ),
        }),
        expect.objectContaining({ row: 2, reason: expect.stringMatching(/never delivered/) }),
      ]);
      expect(done.failedRows[0]!.reason).not.toMatch(/never delivered/);
      const rows = await t.app.db
        .selectFrom('bulk_row')
        .select(['n', 'ledger_id', 'error_code'])
        .where('batch_id', '=', batch.id)
        .where('state', '=', 'failed')
        .orderBy('n')
        .execute();
      expect(rows).toEqual([
        { n: 1, ledger_id: minted.record.id, error_code: 'minted-not-kept' },
        { n: 2, ledger_id: null, error_code: 'interrupted' },
      ]);
    } finally {
      await t.close();
    }
  });

  /**
   * A worker whose answer for row 1 is slower than its lease, which it cannot renew meanwhile,
   * and another worker that takes the batch over (row 1 fails as interrupted, row 2 is minted).
   * `held` is the first worker's answer, `stalled` that worker; `other` keeps running.
   */
  async function takenOverWhileStalled(t: TestApp, editor: Client) {
    idle(t);
    const batch = await createBatch(editor, guests(2, 'late-'), batchOptions({ revocable: true }));
    const { BulkWorker, BATCH_LEASE_MS } = await import('../../src/services/bulk/worker.ts');
    const held = proxy.hold('/api/v1/splay');
    const stalled = new BulkWorker(bulkDeps(t.app));
    const repo = t.app.repos.batches;
    const lease = repo.lease.bind(repo);
    let stalling = false;
    vi.spyOn(repo, 'lease').mockImplementation((...args) =>
      stalling && args[1] === stalled.owner
        ? Promise.resolve({ taken: false, takeover: false })
        : lease(...args),
    );
    stalled.start();
    // Its token for row 1 is made at the token service; the answer is on its way back.
    await held.arrived;
    stalling = true;
    t.clock.advance(BATCH_LEASE_MS + 1);
    const other = new BulkWorker(bulkDeps(t.app));
    other.start();
    const done = await waitForBatch(editor, batch.id);
    expect(done.counts).toMatchObject({ minted: 1, failed: 1 });
    const rowOne = () =>
      t.app.db
        .selectFrom('bulk_row')
        .select(['state', 'ledger_id', 'error_code', 'encrypted_token'])
        .where('batch_id', '=', batch.id)
        .where('n', '=', 1)
        .executeTakeFirstOrThrow();
    const rowOneTokens = () =>
      t.app.db
        .selectFrom('ledger')
        .select(['id', 'state'])
        .where('batch_id', '=', batch.id)
        .where('batch_row', '=', 1)
        .orderBy('created_at')
        .execute();
    return { batch, held, stalled, other, rowOne, rowOneTokens };
  }

  describe('a worker that stalled past its lease', () => {
    // One row at a time: only row 1 is at the token service when the batch is taken over.
    const env = { ...SLOW, BULK_MINT_CONCURRENCY: '1' };

    it('should link the row to the token whose answer came after the takeover', async () => {
      const t = await createTestApp({ upstreamUrl: proxy.url, env });
      try {
        const editor = await staffClient(t.app, 'editor');
        const late = await takenOverWhileStalled(t, editor);
        await late.other.close();
        // The answer arrives: the token is in the ledger, issued for row 1.
        late.held.release();
        await late.stalled.close();
        const [issued] = await late.rowOneTokens();
        expect(issued?.state).toBe('issued');
        // Row 1 says so and links to it, rather than "never delivered".
        const final = (await editor.get(`/api/token-batches/${late.batch.id}`)).json<BulkBatch>();
        expect(final.counts).toMatchObject({ minted: 1, failed: 1 });
        expect(final.failedRows).toEqual([
          expect.objectContaining({
            row: 1,
            reason: expect.stringMatching(/the token exists, is in the ledger/),
          }),
        ]);
        expect(await late.rowOne()).toEqual({
          state: 'failed',
          ledger_id: issued?.id,
          error_code: 'minted-not-kept',
          encrypted_token: null,
        });
      } finally {
        await t.close();
      }
    });

    it('should leave a retried row to its retry when the late answer comes during it', async () => {
      const t = await createTestApp({ upstreamUrl: proxy.url, env });
      try {
        const editor = await staffClient(t.app, 'editor');
        const late = await takenOverWhileStalled(t, editor);
        // Row 1 is retried; the retry's token is at the token service when the late one arrives.
        const retryHeld = proxy.hold('/api/v1/splay');
        expect((await editor.post(`/api/token-batches/${late.batch.id}/retry`)).statusCode).toBe(
          200,
        );
        await retryHeld.arrived;
        late.held.release();
        await late.stalled.close();
        expect(await late.rowOne()).toMatchObject({ state: 'minting', ledger_id: null });
        retryHeld.release();
        const final = await waitForBatch(editor, late.batch.id);
        await late.other.close();
        expect(final.counts).toMatchObject({ minted: 2, failed: 0 });
        // Both tokens are issued; the row holds the retry's, the late one the ledger lists.
        const tokens = await late.rowOneTokens();
        expect(tokens.map((x) => x.state)).toEqual(['issued', 'issued']);
        expect(await late.rowOne()).toMatchObject({
          state: 'minted',
          ledger_id: tokens[1]?.id,
          error_code: null,
        });
      } finally {
        await t.close();
      }
    });
  });

  it('should fail the rows a dead worker left half-done in a cancelled batch, so its tokens can be downloaded', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      idle(t);
      const batch = await createBatch(editor, guests(2, 'dead-cancel-'));
      await leftMinting(t, batch.id, [1]);
      await editor.post(`/api/token-batches/${batch.id}/cancel`);
      await heldByDeadReplica(t, batch.id);
      const { BulkWorker } = await import('../../src/services/bulk/worker.ts');
      const worker = new BulkWorker(bulkDeps(t.app));
      worker.start();
      // Its end is recorded (closing the worker any sooner would leave that to the next one).
      const done = await waitForBatch(editor, batch.id, (b) => b.finishedAt !== null);
      await worker.close();
      expect(done).toMatchObject({ state: 'cancelled', counts: { failed: 1, cancelled: 1 } });
      expect(done.failedRows[0]!.reason).toMatch(/stopped/);
      expect(await ledgerOf(t, batch.id)).toHaveLength(0);
      expect((await auditOf(t, batch.id, 3))[2]).toEqual({
        action: 'batch.finish',
        details: { minted: 0, failed: 1, cancelled: 1 },
      });
    } finally {
      await t.close();
    }
  });

  it('should mint each cancelled row once when its minting is asked for twice at once, with two workers', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    const { BulkWorker } = await import('../../src/services/bulk/worker.ts');
    // Another replica's worker on the same database.
    const other = new BulkWorker(bulkDeps(t.app));
    try {
      const editor = await staffClient(t.app, 'editor');
      const admin = await staffClient(t.app, 'admin');
      const batch = await createBatch(editor, guests(12, 'twice-'));
      await waitForBatch(editor, batch.id, (b) => b.counts.minted >= 2);
      await editor.post(`/api/token-batches/${batch.id}/cancel`);
      await waitForBatch(editor, batch.id, (b) => b.finishedAt !== null);
      other.start();
      const answers = await Promise.all([
        editor.post(`/api/token-batches/${batch.id}/resume`),
        admin.post(`/api/token-batches/${batch.id}/resume`),
      ]);
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
      const done = await waitForBatch(editor, batch.id);
      expect(done.counts).toMatchObject({ minted: 12, failed: 0, cancelled: 0 });
      const ledger = await ledgerOf(t, batch.id);
      expect(ledger).toHaveLength(12);
      const actions = await t.app.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', batch.id)
        .where('action', '=', 'batch.resume')
        .execute();
      expect(actions).toHaveLength(1);
    } finally {
      await other.close();
      await t.close();
    }
  });

  it('should keep a cancelled batch with the worker still on it, so that another worker fails none of its rows resumed', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    const { BulkWorker } = await import('../../src/services/bulk/worker.ts');
    const other = new BulkWorker(bulkDeps(t.app));
    const repo = t.app.repos.batches;
    const claimRow = repo.claimRow.bind(repo);
    // While `gate` is shut, the app's worker waits before each claim: it is between two rows.
    let waiting = 0;
    let bothWaiting = () => {};
    const lanesWaiting = new Promise<void>((resolve) => (bothWaiting = resolve));
    let open = () => {};
    let gate: Promise<void> | undefined;
    try {
      const editor = await staffClient(t.app, 'editor');
      const batch = await createBatch(editor, guests(12, 'still-on-it-'));
      await waitForBatch(editor, batch.id, (b) => b.counts.minted >= 2);
      gate = new Promise<void>((resolve) => (open = resolve));
      vi.spyOn(repo, 'claimRow').mockImplementation(async (...args) => {
        if (gate) {
          waiting += 1;
          if (waiting === 2) bothWaiting();
          await gate;
        }
        return claimRow(...args);
      });
      await lanesWaiting;
      const cancelled = await editor.post(`/api/token-batches/${batch.id}/cancel`);
      expect(cancelled.json<BulkBatch>().finishedAt).not.toBeNull();
      expect((await editor.post(`/api/token-batches/${batch.id}/resume`)).statusCode).toBe(200);
      // The app's worker goes on with the rows resumed; the token service holds one of them.
      const held = proxy.hold('/api/v1/splay');
      gate = undefined;
      open();
      await held.arrived;
      // Another replica's worker looks now (and works what it found before it stops): the batch
      // is still the app's worker's.
      const workable = repo.workable.bind(repo);
      const looked = new Promise<void>((resolve) => {
        vi.spyOn(repo, 'workable').mockImplementation(async (...args) => {
          const found = await workable(...args);
          if (args[0] === other.owner) setImmediate(resolve);
          return found;
        });
      });
      other.start();
      await looked;
      await other.close();
      held.release();
      const done = await waitForBatch(editor, batch.id);
      expect(done.counts).toMatchObject({ minted: 12, failed: 0, cancelled: 0 });
      expect(await ledgerOf(t, batch.id)).toHaveLength(12);
    } finally {
      open();
      await other.close();
      await t.close();
    }
  });

  it('should leave a batch to the replica holding its lease', async () => {
    const t = await createTestApp({ upstreamUrl: proxy.url, env: SLOW });
    try {
      const editor = await staffClient(t.app, 'editor');
      idle(t);
      const batch = await createBatch(editor, guests(2, 'leased-'));
      await t.app.db
        .updateTable('bulk_batch')
        .set({ lease_owner: 'live-replica', lease_until: t.app.now() + 60_000 })
        .where('id', '=', batch.id)
        .execute();
      const { BulkWorker } = await import('../../src/services/bulk/worker.ts');
      const worker = new BulkWorker(bulkDeps(t.app));
      const repo = t.app.repos.batches;
      const leases: Array<ReturnType<typeof repo.lease>> = [];
      const lease = repo.lease.bind(repo);
      vi.spyOn(repo, 'lease').mockImplementation((...args) => {
        const taken = lease(...args);
        if (args[0] === batch.id) leases.push(taken);
        return taken;
      });
      const workable = repo.workable.bind(repo);
      // A worker leases what it found in the same turn as the lookup answers.
      const looked = new Promise<void>((resolve) => {
        vi.spyOn(repo, 'workable').mockImplementation(async (...args) => {
          const found = await workable(...args);
          setImmediate(resolve);
          return found;
        });
      });
      worker.start();
      await looked;
      await worker.close();
      expect((await Promise.all(leases)).filter((l) => l.taken)).toEqual([]);
      const batchNow = (await editor.get(`/api/token-batches/${batch.id}`)).json<BulkBatch>();
      expect(batchNow.counts.pending).toBe(2);
      expect(await ledgerOf(t, batch.id)).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
