import type { BulkBatchList } from '@ptd/contracts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createBatch, guests, waitForBatch } from '../helpers/batches.ts';
import { staffClient } from '../helpers/client.ts';
import { onPostgres } from '../helpers/database.ts';
import { useTestApp } from '../helpers/fixture.ts';

const {
  t,
  clients: { editor, admin, viewer },
} = useTestApp({
  env: { BULK_MINT_RATE_PER_SECOND: '500' },
  clients: { editor: 'editor', admin: 'admin', viewer: 'viewer' },
});

describe('GET /api/token-batches (recent batches)', () => {
  it('should list an editor’s own batches newest first, an admin everyone’s with who created them, paged by cursor and never with a token', async () => {
    const other = await staffClient(t.app, 'editor');
    const mine = [];
    for (const prefix of ['first-', 'second-', 'third-']) {
      mine.push(await createBatch(editor, guests(2, prefix)));
      t.clock.advance(1000);
    }
    const theirs = await createBatch(other, guests(1, 'theirs-'));
    for (const batch of [...mine, theirs]) await waitForBatch(admin, batch.id);
    const downloaded = await editor.post(`/api/token-batches/${mine[0]!.id}/results`);
    expect(downloaded.statusCode).toBe(200);

    const own = await editor.get('/api/token-batches');
    expect(own.statusCode).toBe(200);
    const list = own.json<BulkBatchList>();
    expect(list.items.map((item) => item.id)).toEqual(mine.map((b) => b.id).reverse());
    expect(list.items[2]).toMatchObject({
      state: 'finished',
      counts: { total: 2, minted: 2, failed: 0, pending: 0 },
      target: { type: 'streams' },
      resultsAvailable: false,
    });
    expect(list.items[2]?.resultsDownloadedAt).not.toBeNull();
    expect(list.items[0]).toMatchObject({ resultsAvailable: true, resultsDownloadedAt: null });
    expect(list.items[0]?.createdBy?.email).toBe(editor.session?.user.email);
    expect(own.body).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(own.body).not.toContain('first-1');

    const everyone = (await admin.get('/api/token-batches')).json<BulkBatchList>();
    expect(everyone.items.map((item) => item.id)).toEqual(
      [...mine, theirs].map((b) => b.id).reverse(),
    );
    expect(everyone.items[0]?.createdBy?.email).toBe(other.session?.user.email);

    const first = (await admin.get('/api/token-batches?pageSize=3')).json<BulkBatchList>();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const next = (
      await admin.get(`/api/token-batches?pageSize=3&cursor=${first.nextCursor}`)
    ).json<BulkBatchList>();
    expect(next.items.map((item) => item.id)).toEqual([mine[0]!.id]);
    expect(next.nextCursor).toBeNull();
  });

  it('should show viewers none (403) and answer a cursor it did not give out with a 400 naming it', async () => {
    const refused = await viewer.get('/api/token-batches');
    expect(refused.statusCode).toBe(403);
    const bad = await editor.get('/api/token-batches?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe('cursor');
  });

  it.skipIf(onPostgres)(
    'should read an editor’s page through an index, at thousands of batches',
    async () => {
      const { rows } = await sql<{ detail: string }>`explain query plan
      select * from bulk_batch where created_by = ${'someone'} and id < ${'x'}
      order by id desc limit 26`.execute(t.app.db);
      const plan = rows.map((row) => row.detail).join('; ');
      expect(plan).toMatch(/USING (COVERING )?INDEX bulk_batch_creator\b/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    },
  );
});
