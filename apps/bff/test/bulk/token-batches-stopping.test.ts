import type { BulkBatch } from '@ptd/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { batchOptions, guests } from '../helpers/batches.ts';
import { useTestApp, useTestUpstream } from '../helpers/fixture.ts';

const upstream = useTestUpstream();

/** Batches in the database, oldest first. */
const batchIds = async (t: TestApp) =>
  (await t.app.db.selectFrom('bulk_batch').select('id').orderBy('created_at').execute()).map(
    (row) => row.id,
  );

describe('a bulk batch asked of a replica that is stopping', () => {
  const {
    t,
    clients: { editor },
  } = useTestApp({ upstream, clients: { editor: 'editor' } });

  it('should hand over a batch whose rows were being written as the worker closed, and answer 503 stopping once it is closed, writing nothing', async () => {
    const batches = t.app.repos.batches;
    const insert = batches.insert.bind(batches);
    let arrived = () => {};
    const insertArrived = new Promise<void>((resolve) => (arrived = resolve));
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = vi.spyOn(batches, 'insert').mockImplementationOnce(async (...args) => {
      arrived();
      await released;
      return insert(...args);
    });
    try {
      const asked = editor.post('/api/token-batches', { options: batchOptions(), rows: guests(3) });
      await insertArrived;
      // The replica stops while the batch is being written.
      const closed = t.app.bulkWorker.close();
      release();
      const accepted = await asked;
      expect(accepted.statusCode).toBe(201);
      await closed;
      // Handed over: no lease held here, for the next replica that looks (or this one's restart).
      const row = await batches.byId(accepted.json<BulkBatch>().id);
      expect(row).toMatchObject({ state: 'minting', lease_owner: null });
    } finally {
      held.mockRestore();
    }
    const before = await batchIds(t);
    const refused = await editor.post('/api/token-batches', {
      options: batchOptions(),
      rows: guests(2),
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json<{ code: string }>().code).toBe('stopping');
    expect(refused.headers['retry-after']).toBe('1');
    expect(await batchIds(t)).toEqual(before);
  });
});
