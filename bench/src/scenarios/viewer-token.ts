import type { Bff, StaffSession } from '../lib/bff.ts';
import type { LoadSpec } from '../lib/load.ts';

export type ViewerTokenLoad = LoadSpec | { unavailable: string };

/**
 * The public viewer-token endpoint (issue 6: `POST /playback-token` with `{ policy }`), loaded
 * like token creation. This is the one function to finish once the route exists: create a
 * policy through the staff API with `admin`, and return the request a viewer's page sends
 * (Origin of an allowed host, `{ policy }`). The route's per-IP and per-policy rate limits
 * will need raising through their environment variables in `bench.ts` (every request of the
 * load comes from 127.0.0.1), as TOKEN_CREATE_RATE_PER_MINUTE is for staff tokens.
 */
export async function viewerTokenLoad(bff: Bff, admin: StaffSession): Promise<ViewerTokenLoad> {
  void admin;
  const probe = await fetch(`${bff.url}/playback-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ policy: 'bench-probe' }),
  });
  await probe.body?.cancel();
  if (probe.status === 404) {
    return { unavailable: 'not available: POST /playback-token answers 404 (not built yet)' };
  }
  return {
    unavailable:
      `not measured: POST /playback-token exists (probe answered ${probe.status}) but ` +
      'viewerTokenLoad() in bench/src/scenarios/viewer-token.ts does not create a policy yet',
  };
}
