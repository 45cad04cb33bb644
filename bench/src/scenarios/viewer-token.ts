import {
  AUTH_HEADER_TOKEN,
  type PlaybackPolicy,
  type PolicyRequestInput,
  type SplayRequest,
} from '@ptd/contracts';
import { sessionHeaders, type Bff, type Emulator, type StaffSession } from '../lib/bff.ts';
import type { LoadSpec } from '../lib/load.ts';

export type ViewerTokenLoad = { spec: LoadSpec; policy: PlaybackPolicy } | { unavailable: string };

/** The site of the customer's viewer page that the policy allows. */
const VIEWER_SITE = 'shop.example.com';
/** Where every viewer of the load comes from (the BFF binds the token to it). */
const VIEWER_IP = '127.0.0.1';

/** A typical viewer policy: the cup final's group, 30 minutes, bound to the viewer's IP. */
const BENCH_POLICY: PolicyRequestInput = {
  name: 'Cup final viewers (bench)',
  target: { type: 'group', groupId: 'a1000000-0000-4000-8000-000000000001' },
  allowedOrigins: [VIEWER_SITE],
  tag: 'bench-viewers',
};

/**
 * The public viewer-token endpoint (`POST /playback-token` with `{ policy }`), loaded like token
 * creation: an admin creates a policy through the staff API, then every request is what a
 * viewer's page sends (the allowed site's Origin, `{ policy }`, no session). The endpoint's
 * per-IP and per-policy rate limits are raised in `bench.ts`, since the whole load comes from
 * 127.0.0.1.
 */
export async function viewerTokenLoad(bff: Bff, admin: StaffSession): Promise<ViewerTokenLoad> {
  const created = await fetch(`${bff.url}/api/policies`, {
    method: 'POST',
    headers: sessionHeaders(admin),
    body: JSON.stringify(BENCH_POLICY),
  });
  if (created.status === 404) {
    await created.body?.cancel();
    return { unavailable: 'not available: the BFF has no playback policies' };
  }
  if (created.status !== 201) {
    throw new Error(`create the bench policy: HTTP ${created.status} ${await created.text()}`);
  }
  const policy = (await created.json()) as PlaybackPolicy;
  return {
    policy,
    spec: {
      path: '/playback-token',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        origin: `https://${VIEWER_SITE}`,
      },
      body: JSON.stringify({ policy: policy.id }),
    },
  };
}

/**
 * The limit the endpoint is compared with: the token service itself (the emulator's
 * `POST /api/v1/splay`), asked directly with the body the BFF sends it for one viewer of
 * `policy` (its target, lifetime, tag, the site's host and the viewer's IP) and the
 * credential the BFF holds.
 */
export function tokenServiceDirectLoad(emulator: Emulator, policy: PlaybackPolicy): LoadSpec {
  const body: SplayRequest = {
    exp: Math.floor(Date.now() / 1000) + policy.lifetimeMinutes * 60,
    domain: VIEWER_SITE,
    ...(policy.target.type === 'group'
      ? { groupid: policy.target.groupId }
      : policy.target.type === 'streams'
        ? { streams: [...policy.target.streams] }
        : { orgawide: true }),
    ...(policy.revocable ? { revocable: true } : {}),
    ...(policy.forceDisconnect ? { forceDisconnect: true } : {}),
    ...(policy.bindIp ? { ip: VIEWER_IP } : {}),
    ...(policy.tag === null ? {} : { tag: policy.tag }),
  };
  return {
    path: '/api/v1/splay',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      [AUTH_HEADER_TOKEN]: emulator.credential,
    },
    body: JSON.stringify(body),
  };
}
