import type { PlaybackPolicy } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, useTestUpstream } from '../helpers/fixture.ts';
import { createPolicy, requestToken } from '../helpers/policies.ts';

/**
 * The token service a network away (the emulator answering 800 ms late): viewer tokens asked
 * for at once are asked of it at once, up to UPSTREAM_CONNECTIONS calls in flight, instead of
 * queueing behind a small pool (32 connections answered at most 80 tokens a second here).
 */

// Long beside the work of 128 tokens (signing them, the ledger's rows), which a busy 2-core
// machine stretched to over a second: one round then still tells apart from four.
const LATENCY_MS = 800;
const ROOMY_LIMITS = {
  PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '100000',
  PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '1000000',
};
const upstream = useTestUpstream('emulator', { latencyMs: LATENCY_MS });
const byDefault = useTestApp({ upstream, env: ROOMY_LIMITS, clients: { editor: 'editor' } });
const narrow = useTestApp({
  upstream,
  env: { ...ROOMY_LIMITS, UPSTREAM_CONNECTIONS: '8' },
  clients: { editor: 'editor' },
});

let policy: PlaybackPolicy;
let narrowPolicy: PlaybackPolicy;
beforeAll(async () => {
  policy = await createPolicy(byDefault.clients.editor);
  narrowPolicy = await createPolicy(narrow.clients.editor, { name: 'Narrow pool' });
});

/** `count` viewers (each from an address of its own) at once; how long until all had theirs. */
async function audience(app: typeof byDefault.t.app, policyId: string, count: number) {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      requestToken(app, {
        policy: policyId,
        remoteAddress: `198.51.100.${i + 1}`,
        settle: false,
      }),
    ),
  );
  const ms = performance.now() - started;
  await app.repos.viewerRows.flush();
  return { ms, statuses: answers.map((answer) => answer.statusCode) };
}

describe('viewer tokens with the token service far away', () => {
  it('should ask for 128 viewers’ tokens at once by default, in about one answer time', async () => {
    const { ms, statuses } = await audience(byDefault.t.app, policy.id, 128);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // 256 connections by default: one round of 800 ms (32 would take four, at least 3.2 s).
    expect(ms).toBeLessThan(LATENCY_MS * 3.5);
    expect(ms).toBeGreaterThanOrEqual(LATENCY_MS - 5);
  });

  it('should keep to UPSTREAM_CONNECTIONS calls in flight', async () => {
    const { ms, statuses } = await audience(narrow.t.app, narrowPolicy.id, 64);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // 8 connections: 64 viewers take eight rounds of at least 800 ms each.
    expect(ms).toBeGreaterThanOrEqual(LATENCY_MS * 8 - 50);
  });
});
