import type { BulkBatch, BulkRow, TokenRequestInput } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { Client } from './client.ts';
import { CUP_FINAL } from './tokens.ts';

export const batchOptions = (overrides: Partial<TokenRequestInput> = {}) => ({
  target: { type: 'streams', streams: [CUP_FINAL] },
  expiresIn: 3600,
  ...overrides,
});

export const guests = (count: number, prefix = 'guest-'): BulkRow[] =>
  Array.from({ length: count }, (_, i) => ({ user: `${prefix}${i + 1}` }));

export async function createBatch(
  client: Client,
  rows: BulkRow[],
  options: Record<string, unknown> = batchOptions(),
) {
  const response = await client.post('/api/token-batches', { options, rows });
  if (response.statusCode !== 201) throw new Error(`batch create failed: ${response.body}`);
  return response.json<BulkBatch>();
}

/** Polls the batch until `done` says so (or gives up after `timeoutMs`). */
export async function waitForBatch(
  client: Client,
  id: string,
  done: (batch: BulkBatch) => boolean = (batch) => batch.state !== 'minting',
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = (await client.get(`/api/token-batches/${id}`)).json<BulkBatch>();
    if (done(batch)) return batch;
    if (Date.now() > deadline) {
      throw new Error(`batch ${id} did not get there: ${JSON.stringify(batch.counts)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Row `n` of a batch (every row without `n`) as the worker leaves one the token service refused. */
export async function failRows(app: FastifyInstance, batchId: string, n?: number) {
  let update = app.db
    .updateTable('bulk_row')
    .set({ state: 'failed', error_code: 'internal', error_message: 'Not minted.' })
    .where('batch_id', '=', batchId);
  if (n !== undefined) update = update.where('n', '=', n);
  await update.execute();
}
