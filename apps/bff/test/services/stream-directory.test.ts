import type { TokenList } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { batchOptions, createBatch, guests, waitForBatch } from '../helpers/batches.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { CUP_FINAL } from '../helpers/tokens.ts';

const {
  t,
  proxy,
  clients: { editor },
} = useTestApp({
  upstream: 'faulty',
  env: { BULK_MINT_RATE_PER_SECOND: '500' },
  clients: { editor: 'editor' },
});

/** Reads of the organisation's streams from bintu, through the recording proxy. */
const streamReads = () =>
  proxy.received(`${new URL(t.app.upstreamInfo.bintuApiUrl).pathname.replace(/\/$/, '')}/stream`);

describe("the organisation's stream directory", () => {
  it('should read the streams once for the token list and the batch results alike', async () => {
    const created = await createBatch(editor, guests(2), batchOptions());
    await waitForBatch(editor, created.id);
    const before = streamReads();

    const listed = await editor.get(`/api/tokens?stream=${CUP_FINAL}`);
    expect(listed.json<TokenList>().total).toBeGreaterThanOrEqual(2);
    expect(streamReads()).toBe(before + 1);

    const download = await editor.post(`/api/token-batches/${created.id}/results`);
    expect(download.statusCode).toBe(200);
    // The stream's group (for the playout URL) came from the read the list made.
    expect(download.body).toContain('group.id=');
    expect(streamReads()).toBe(before + 1);
  });
});
