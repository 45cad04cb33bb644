import { AUTH_HEADER_TOKEN } from '@ptd/contracts';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { sessionHeaders, signIn, startBff, ADMIN, type Emulator } from '../lib/bff.ts';
import { fmt, printTable } from '../lib/table.ts';

export interface BulkResult {
  rows: number;
  concurrency: number;
  /** From POST /api/token-batches to the batch reading "finished". */
  batchWallMs: number;
  /** The same number of calls straight to the token service, `concurrency` at a time. */
  directWallMs: number;
  minted: number;
}

const ROWS = 1000;
const CONCURRENCY = 8;

/** `ROWS` calls to /api/v1/splay, `CONCURRENCY` at a time: the token service's own pace. */
async function directRate(emulator: Emulator) {
  const url = `${emulator.url}/api/v1/splay`;
  const exp = Math.floor(Date.now() / 1000) + 3600;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ROWS) {
        next += 1;
        const answer = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [AUTH_HEADER_TOKEN]: emulator.credential },
          body: JSON.stringify({ exp, streams: ['DmEvt-CupFn'], user: `direct-${next}` }),
        });
        if (!answer.ok) throw new Error(`splay: HTTP ${answer.status}`);
        await answer.text();
      }
    }),
  );
  return performance.now() - started;
}

/**
 * "1,000-row batch": a batch of 1,000 numbered guests through `POST /api/token-batches`
 * (validation, storage, the worker minting each row through the ledger with concurrency 8),
 * timed until it reads finished, against the same 1,000 calls straight to the token service.
 * The worker's pacing is raised out of the way (BULK_MINT_RATE_PER_SECOND=1000): the product
 * default of 20 per second would make it 50 s by design.
 */
export async function bulkBatch(
  emulator: Emulator,
  env: Record<string, string>,
): Promise<BulkResult> {
  const directWallMs = await directRate(emulator);
  const bff = await startBff({
    emulator,
    env: {
      ...env,
      BULK_MINT_RATE_PER_SECOND: '1000',
      BULK_MINT_CONCURRENCY: String(CONCURRENCY),
    },
  });
  try {
    const session = await signIn(bff.url, ADMIN.email, ADMIN.password);
    const rows = Array.from({ length: ROWS }, (_, i) => ({ user: `bench-guest-${i + 1}` }));
    const started = performance.now();
    const created = await fetch(`${bff.url}/api/token-batches`, {
      method: 'POST',
      headers: sessionHeaders(session),
      body: JSON.stringify({
        options: { target: { type: 'streams', streams: ['DmEvt-CupFn'] }, expiresIn: 3600 },
        rows,
      }),
    });
    if (created.status !== 201)
      throw new Error(`batch: HTTP ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    for (;;) {
      const answer = await fetch(`${bff.url}/api/token-batches/${id}`, {
        headers: { cookie: session.cookie },
      });
      const batch = (await answer.json()) as { state: string; counts: { minted: number } };
      if (batch.state !== 'minting') {
        return {
          rows: ROWS,
          concurrency: CONCURRENCY,
          batchWallMs: performance.now() - started,
          directWallMs,
          minted: batch.counts.minted,
        };
      }
      await delay(50);
    }
  } finally {
    await bff.stop();
  }
}

export function printBulk(result: BulkResult) {
  printTable(
    `1,000-row batch (worker concurrency ${result.concurrency}, pacing off) against the token service's direct rate`,
    ['measure', 'wall ms', 'tokens/s', 'ratio'],
    [
      [
        'direct: 1,000 calls to /api/v1/splay',
        fmt(result.directWallMs, 0),
        fmt((result.rows / result.directWallMs) * 1000, 0),
        '1.00×',
      ],
      [
        `batch: POST /api/token-batches → finished (${result.minted} minted)`,
        fmt(result.batchWallMs, 0),
        fmt((result.rows / result.batchWallMs) * 1000, 0),
        `${fmt(result.batchWallMs / result.directWallMs, 2)}×`,
      ],
    ],
  );
}
