import type { BulkBatch, BulkPreview, TokenList } from '@ptd/contracts';
import { parseBulkCsv } from '@ptd/contracts/bulk-csv';
import { sql } from 'kysely';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { batchOptions, createBatch, failRows, guests, waitForBatch } from '../helpers/batches.ts';
import { Client, staffClient } from '../helpers/client.ts';
import { bareTestDb, onPostgres } from '../helpers/database.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { auditEntries } from '../helpers/audit.ts';

const {
  t,
  clients: { editor },
} = useTestApp({ env: { BULK_MINT_RATE_PER_SECOND: '500' }, clients: { editor: 'editor' } });

describe('a batch of tokens', () => {
  it('should mint every row through the ledger with the batch id, then hand the tokens out once', async () => {
    const created = await createBatch(editor, guests(25), batchOptions({ tag: 'press' }));
    expect(created.counts.total).toBe(25);
    const done = await waitForBatch(editor, created.id);
    expect(done).toMatchObject({ state: 'finished', resultsAvailable: true, failedRows: [] });
    expect(done.counts).toMatchObject({ minted: 25, failed: 0, pending: 0 });

    const listed = (
      await editor.get(`/api/tokens?batch=${created.id}&pageSize=100`)
    ).json<TokenList>();
    expect(listed.total).toBe(25);
    expect(listed.items.every((item) => item.batchId === created.id)).toBe(true);
    expect(listed.items.map((item) => item.user).sort()).toContain('guest-17');
    const one = (await editor.get(`/api/tokens/${listed.items[0]!.id}`)).json<{
      batchId: string;
    }>();
    expect(one.batchId).toBe(created.id);

    const download = await editor.post(`/api/token-batches/${created.id}/results`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toMatch(/^text\/csv/);
    expect(download.headers['cache-control']).toBe('no-store');
    const lines = download.body.trim().split('\r\n');
    expect(lines[0]).toBe('user id,tag,token,web playout URL,expires at (UTC)');
    expect(lines).toHaveLength(26);
    const [user, tag, token, url, expires] = lines[1]!.split(',');
    expect(user).toBe('guest-1');
    expect(tag).toBe('press');
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(url).toContain(`group.security.jwtoken=${token}`);
    // When it stops playing, as the ledger has it: the person handing tokens out needs it.
    const guest1 = listed.items.find((item) => item.user === 'guest-1')!;
    expect(expires).toBe(guest1.expiresAt);
    // The token plays: the token service says it is valid.
    const verdict = await editor.post('/api/tokens/inspect', { token });
    expect(verdict.json().verdict.valid).toBe(true);

    const again = await editor.post(`/api/token-batches/${created.id}/results`);
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'results-gone' });
    expect(again.json().message).toMatch(/downloaded already/);
    const stored = await t.app.db
      .selectFrom('bulk_row')
      .select('encrypted_token')
      .where('batch_id', '=', created.id)
      .where('encrypted_token', 'is not', null)
      .execute();
    expect(stored).toEqual([]);

    const after = (await editor.get(`/api/token-batches/${created.id}`)).json<BulkBatch>();
    expect(after.resultsAvailable).toBe(false);
    expect(after.resultsDownloadedAt).not.toBeNull();

    const entries = await auditEntries(t.app.db, { subject: created.id });
    expect(entries.map((entry) => entry.action)).toEqual([
      'batch.create',
      'batch.finish',
      'batch.download',
    ]);
    expect(entries[0]!.details).toEqual({ rows: 25, target: { type: 'streams', streams: 1 } });
    expect(entries[1]!.details).toEqual({ minted: 25, failed: 0, cancelled: 0 });
    const creates = await t.app.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'token.create')
      .where('details', 'like', `%${created.id}%`)
      .execute();
    expect(creates).toHaveLength(25);
    const everything = JSON.stringify(await t.app.db.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain(token);
    expect(t.rawLogs()).not.toContain(token);
  });

  it('should refuse the batch with every row error by row and column, and store nothing', async () => {
    const csv = parseBulkCsv(
      'user id;client IP;domain\nguest-1;203.0.113.7;example.com\nguest-2;10.0.0;\nguest-1;;https://\n',
    );
    if (!csv.ok) throw new Error(csv.message);
    const body = { options: batchOptions(), rows: csv.rows };
    const preview = await editor.post('/api/token-batches/preview', body);
    expect(preview.statusCode).toBe(200);
    expect(preview.json<BulkPreview>()).toEqual({
      rows: 3,
      issueCount: 3,
      issues: [
        {
          row: 2,
          column: 'ip',
          message:
            'Row 2, client IP: enter a single IPv4 address such as 203.0.113.7 (no range, no port).',
        },
        {
          row: 3,
          column: 'user',
          message:
            'Row 3, user id: “guest-1” is also in row 1; give each viewer a token of their own.',
        },
        expect.objectContaining({ row: 3, column: 'domain' }),
      ],
    });
    const before = await t.app.db.selectFrom('ledger').select('id').execute();
    const refused = await editor.post('/api/token-batches', body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'invalid-rows',
      message: expect.stringMatching(/^Row 2, client IP: .* \(and 2 more\)$/),
      issues: [
        expect.objectContaining({ path: 'rows.1.ip' }),
        expect.objectContaining({ path: 'rows.2.user' }),
        expect.objectContaining({ path: 'rows.2.domain' }),
      ],
    });
    expect(await t.app.db.selectFrom('bulk_batch').select('id').execute()).toHaveLength(1);
    expect(await t.app.db.selectFrom('ledger').select('id').execute()).toHaveLength(before.length);
  });

  it('should refuse 10,001 rows and a body over 4 MB with a message naming the problem', async () => {
    const many = await editor.post('/api/token-batches/preview', {
      options: batchOptions(),
      rows: guests(10_001),
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().message).toMatch(/at most 10,000 tokens in a batch/);
    const huge = await editor.post('/api/token-batches', {
      options: batchOptions(),
      rows: guests(9_000).map((row) => ({ ...row, tag: 'x'.repeat(500) })),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'body-too-large' });
  });

  it('should refuse a batch whose options name no target with a 400 naming it', async () => {
    const { target: _target, ...options } = batchOptions();
    for (const path of ['/api/token-batches/preview', '/api/token-batches']) {
      const refused = await editor.post(path, { options, rows: guests(2) });
      expect(refused.statusCode, path).toBe(400);
      expect(refused.json(), path).toMatchObject({
        code: 'invalid-request',
        message: expect.stringMatching(/Target: choose/),
        issues: [expect.objectContaining({ path: 'options.target' })],
      });
    }
  });

  it('should name the option that zod refused in its own words, whole path and all', async () => {
    const options = { ...batchOptions(), target: { type: 'group' } };
    const preview = await editor.post('/api/token-batches/preview', { options, rows: guests(2) });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().issues).toEqual([
      {
        row: 0,
        column: 'target.groupId',
        message: expect.stringMatching(/^target\.groupId: Invalid input/),
      },
    ]);
    const refused = await editor.post('/api/token-batches', { options, rows: guests(2) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'invalid-rows',
      message: expect.stringMatching(/^target\.groupId: /),
      issues: [{ path: 'options.target.groupId' }],
    });
  });

  it('should create one batch for one Idempotency-Key', async () => {
    const body = { options: batchOptions(), rows: guests(3, 'idem-') };
    const headers = { 'idempotency-key': 'batch-key-1' };
    const first = await editor.post('/api/token-batches', body, { headers });
    const second = await editor.post('/api/token-batches', body, { headers });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const other = await editor.post(
      '/api/token-batches',
      { ...body, rows: guests(4, 'idem-') },
      { headers },
    );
    expect(other.statusCode).toBe(422);
    await waitForBatch(editor, first.json().id);
    const rows = await t.app.db
      .selectFrom('ledger')
      .select('id')
      .where('viewer_user', 'like', 'idem-%')
      .execute();
    expect(rows).toHaveLength(3);
  });

  it('should let viewers do nothing with batches, and hide one staff member’s batch from another editor', async () => {
    const viewer = await staffClient(t.app, 'viewer');
    const body = { options: batchOptions(), rows: guests(1, 'viewer-') };
    for (const response of [
      await viewer.post('/api/token-batches', body),
      await viewer.post('/api/token-batches/preview', body),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().message).toBe('Your role (viewer) may not create tokens.');
    }
    const batch = await createBatch(editor, guests(1, 'private-'));
    expect((await viewer.get(`/api/token-batches/${batch.id}`)).statusCode).toBe(403);
    const otherEditor = await staffClient(t.app, 'editor');
    expect((await otherEditor.get(`/api/token-batches/${batch.id}`)).statusCode).toBe(404);
    expect((await otherEditor.post(`/api/token-batches/${batch.id}/results`)).statusCode).toBe(404);
    const admin = await staffClient(t.app, 'admin');
    expect((await admin.get(`/api/token-batches/${batch.id}`)).statusCode).toBe(200);
  });

  it('should refuse someone who may not create tokens before reading a large body', async () => {
    // 3 MB that is not JSON: read, it would be a 400; refused first, it is 401 or 403.
    const junk = `{"rows": [${'x'.repeat(3 * 1024 * 1024)}`;
    const headers = { 'content-type': 'application/json' };
    const signedOut = new Client(t.app);
    const viewer = await staffClient(t.app, 'viewer');
    for (const path of ['/api/token-batches', '/api/token-batches/preview']) {
      const anonymous = await signedOut.request('POST', path, { body: junk, headers });
      expect(anonymous.statusCode).toBe(401);
      const refused = await viewer.request('POST', path, { body: junk, headers });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().message).toBe('Your role (viewer) may not create tokens.');
      // Someone who may create tokens gets the body read: the 400 names what is wrong.
      const read = await editor.request('POST', path, { body: junk, headers });
      expect(read.statusCode).toBe(400);
    }
  });

  it('should refuse a batch without the CSRF token or from another site', async () => {
    const body = { options: batchOptions(), rows: guests(1, 'csrf-') };
    const noToken = await editor.post('/api/token-batches', body, { noCsrf: true });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf');
    const elsewhere = await editor.post('/api/token-batches', body, {
      headers: { origin: 'https://evil.example' },
    });
    expect(elsewhere.statusCode).toBe(403);
    const batch = await createBatch(editor, guests(1, 'csrf-ok-'));
    await waitForBatch(editor, batch.id);
    const download = await editor.post(`/api/token-batches/${batch.id}/results`, undefined, {
      noCsrf: true,
    });
    expect(download.statusCode).toBe(403);
    const rows = await t.app.db
      .selectFrom('ledger')
      .select('id')
      .where('viewer_user', 'like', 'csrf-%')
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('a download that meets another change of the batch', () => {
  /** Runs `meanwhile` after the download's checks, just before it takes the tokens. */
  const before = (meanwhile: () => Promise<unknown>) => {
    const repo = t.app.repos.batches;
    const take = repo.takeResults.bind(repo);
    return vi.spyOn(repo, 'takeResults').mockImplementationOnce(async (...args) => {
      await meanwhile();
      return take(...args);
    });
  };

  it('should say the batch is minting again when a retry came first, not that it was downloaded', async () => {
    const created = await createBatch(editor, guests(2, 'raced-retry-'));
    await waitForBatch(editor, created.id);
    await failRows(t.app, created.id, 2);
    before(() => editor.post(`/api/token-batches/${created.id}/retry`));
    const download = await editor.post(`/api/token-batches/${created.id}/results`);
    expect(download.statusCode).toBe(409);
    expect(download.json()).toMatchObject({ code: 'batch-minting' });
    const done = await waitForBatch(editor, created.id);
    expect(done).toMatchObject({ counts: { minted: 2 }, resultsAvailable: true });
    const lines = (await editor.post(`/api/token-batches/${created.id}/results`)).body.split(
      '\r\n',
    );
    expect(lines).toHaveLength(3);
  });

  it.skipIf(!onPostgres)(
    'should let a retry and a download at the same moment wait for one another, neither failing',
    async () => {
      const created = await createBatch(editor, guests(2, 'locked-retry-'));
      await waitForBatch(editor, created.id);
      await failRows(t.app, created.id, 2);
      const other = await bareTestDb<Database>(t.dataDir);
      type Answer = { statusCode: number; body: string };
      let retry: Promise<Answer> | undefined;
      let download: Promise<Answer> | undefined;
      try {
        // Another session holds the failed row a moment, so both start before either ends.
        await other.transaction().execute(async (trx) => {
          await sql`select n from bulk_row where batch_id = ${created.id} and state = 'failed' for update`.execute(
            trx,
          );
          retry = editor.post(`/api/token-batches/${created.id}/retry`);
          await delay(200);
          download = editor.post(`/api/token-batches/${created.id}/results`);
          await delay(300);
        });
        const [retried, downloaded] = await Promise.all([retry!, download!]);
        expect(retried.statusCode, retried.body).toBe(200);
        expect(downloaded.statusCode, downloaded.body).toBe(409);
        expect(JSON.parse(downloaded.body)).toMatchObject({ code: 'batch-minting' });
        const done = await waitForBatch(editor, created.id);
        expect(done).toMatchObject({ counts: { minted: 2 }, resultsAvailable: true });
      } finally {
        await other.destroy();
      }
    },
  );

  it('should say the tokens were erased when the week ran out at that moment, not that they were downloaded', async () => {
    const created = await createBatch(editor, guests(1, 'raced-expiry-'));
    await waitForBatch(editor, created.id);
    const now = t.app.now();
    before(() => t.app.repos.batches.expireResults(now + 1, now));
    const download = await editor.post(`/api/token-batches/${created.id}/results`);
    expect(download.statusCode).toBe(410);
    expect(download.json()).toMatchObject({ code: 'results-expired' });
  });
});

describe('tokens nobody downloads', () => {
  it.skipIf(!onPostgres)(
    'should say the tokens were erased when a download meets the erasing at the same moment, never fail',
    async () => {
      const created = await createBatch(editor, guests(1, 'erasing-'));
      await waitForBatch(editor, created.id);
      const now = t.app.now();
      const other = await bareTestDb<Database>(t.dataDir);
      let expiring: Promise<unknown> = Promise.resolve();
      let download: Promise<{ statusCode: number; body: string }> = Promise.resolve({
        statusCode: 0,
        body: '',
      });
      try {
        // Another session holds the batch's rows a moment, so both start before either ends.
        await other.transaction().execute(async (trx) => {
          await sql`select n from bulk_row where batch_id = ${created.id} for update`.execute(trx);
          expiring = t.app.repos.batches.expireResults(now + 1, now).then(
            (n) => n,
            (error: unknown) => error,
          );
          await delay(200);
          download = editor.post(`/api/token-batches/${created.id}/results`);
          await delay(300);
        });
        const [erased, answer] = await Promise.all([expiring, download]);
        expect(erased).not.toBeInstanceOf(Error);
        expect(answer.statusCode, answer.body).toBe(410);
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'results-expired' });
        const batch = (await editor.get(`/api/token-batches/${created.id}`)).json<BulkBatch>();
        expect(batch).toMatchObject({ resultsDownloadedAt: null, resultsAvailable: false });
      } finally {
        await other.destroy();
      }
    },
  );

  it('should erase them a week after minting ended, and say so on download', async () => {
    const created = await createBatch(editor, guests(2, 'unfetched-'));
    await waitForBatch(editor, created.id);
    const { RESULTS_KEEP_MS } = await import('../../src/services/bulk/worker.ts');
    const now = t.app.now();
    expect(await t.app.repos.batches.expireResults(now - RESULTS_KEEP_MS, now)).toBe(0);
    // A week on (the session would not last that long, so the cutoff moves instead of the clock).
    expect(await t.app.repos.batches.expireResults(now + 1, now)).toBeGreaterThanOrEqual(1);
    const sealed = await t.app.db
      .selectFrom('bulk_row')
      .select('encrypted_token')
      .where('batch_id', '=', created.id)
      .where('encrypted_token', 'is not', null)
      .execute();
    expect(sealed).toEqual([]);
    const batch = (await editor.get(`/api/token-batches/${created.id}`)).json<BulkBatch>();
    expect(batch).toMatchObject({ resultsAvailable: false, resultsExpiredAt: expect.any(String) });
    const download = await editor.post(`/api/token-batches/${created.id}/results`);
    expect(download.statusCode).toBe(410);
    expect(download.json()).toMatchObject({ code: 'results-expired' });
  });
});
