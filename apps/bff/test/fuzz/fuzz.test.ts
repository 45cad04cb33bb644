import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFinding } from './report.ts';
import { runCampaign, type Summary } from './run.ts';
import { startWorld, type World } from './world.ts';

/**
 * A bounded fuzz run inside `pnpm test`: a fixed seed, so a failure repeats; `pnpm fuzz` runs
 * the long campaign. What it checks on every answer is in oracle.ts; what it tolerates for now
 * is in known-findings.ts.
 */
const SEED = 20_261_201;
const RUNS = 2000;

let world: World;
let summary: Summary;

beforeAll(async () => {
  world = await startWorld();
  summary = await runCampaign(world, { seed: SEED, runs: RUNS });
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe(`fuzzing every route (seed ${SEED}, ${RUNS} requests)`, () => {
  it('should fuzz every route of the router, including those the OpenAPI document hides', () => {
    const keys = world.routes.map((route) => route.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/tokens',
        'OPTIONS /playback-token',
        'GET /examples/viewer',
      ]),
    );
    const unsent = keys.filter((key) => !summary.routes[key]?.sent);
    expect(unsent).toEqual([]);
  });

  it('should get requests past validation and the guards on the routes that write', () => {
    expect(summary.wellFormed).toEqual(
      expect.arrayContaining([
        'POST /api/tokens',
        'POST /api/policies',
        'PATCH /api/staff/:id',
        // The event operations: bulk batches, revoke by filter, ending sessions.
        'POST /api/token-batches',
        'POST /api/token-batches/:id/cancel',
        'POST /api/token-batches/:id/results',
        'POST /api/token-batches/:id/resume',
        'POST /api/token-batches/:id/retry',
        'POST /api/tokens/revocations',
        'POST /api/tokens/revocations/:id/cancel',
        'POST /api/tokens/revocations/:id/retry',
        'DELETE /api/sessions/:id',
        'DELETE /api/staff/:id/sessions/:sessionId',
      ]),
    );
    const refused = summary.wellFormed.filter((key) => !summary.routes[key]?.['2xx']);
    expect(refused, `no 2xx with seed ${SEED}`).toEqual([]);
  });

  it('should find nothing beyond the known open findings', () => {
    const unknown = summary.findings.filter((finding) => !finding.known);
    // One line per finding with a repro, so a failure says what to fix.
    expect(unknown.map(formatFinding), `seed ${SEED}`).toEqual([]);
  });
});
