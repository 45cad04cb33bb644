import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_HEADER_APIKEY, EMBED_PATH } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, startEmulator, type RunningEmulator } from '../src/index.ts';

/** `latencyMs`: the cloud that far away, for the API; the player pages are not held back. */

const LATENCY_MS = 300;
let dataDir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'emu-latency-'));
  emulator = await startEmulator({ dataDir, latencyMs: LATENCY_MS });
});
afterAll(async () => {
  await emulator?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function timed(path: string, init?: RequestInit) {
  const started = performance.now();
  const response = await fetch(new URL(path, emulator.url), init);
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

const mint = () =>
  timed('/api/v1/splay', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [AUTH_HEADER_APIKEY]: SEED.credentials.demoEvents.apiKey,
    },
    body: JSON.stringify({ streams: [SEED.streams.cupFinal.name] }),
  });

describe('emulator latency', () => {
  it('should answer the token service only after the latency, refusals included', async () => {
    await mint(); // the first call also loads code: not timed
    const minted = await mint();
    expect(minted.status).toBe(200);
    expect(minted.ms).toBeGreaterThanOrEqual(LATENCY_MS - 5);
    const refused = await timed('/api/v1/splay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expect(refused.ms).toBeGreaterThanOrEqual(LATENCY_MS - 5);
  });

  it('should hold back calls in flight together, not one after the other', async () => {
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => mint()));
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(performance.now() - started).toBeLessThan(LATENCY_MS * 4);
  });

  it('should serve the player page without the latency', async () => {
    await timed(`${EMBED_PATH}?group.id=x`);
    const page = await timed(`${EMBED_PATH}?group.id=x`);
    expect(page.status).toBeLessThan(500); // refused without a token, at once
    expect(page.ms).toBeLessThan(LATENCY_MS - 50);
  });
});
