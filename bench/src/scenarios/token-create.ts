import {
  createTokenRequestSchema,
  resolveExpiry,
  toSplayRequest,
  type TokenRequestInput,
} from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { refreshSessions, sessionHeaders, type Emulator, type StaffSession } from '../lib/bff.ts';
import type { LoadSpec } from '../lib/load.ts';
import { freePort } from '@ptd/node-testing';
import { CORE, ROOT, nodeTs, startService } from '../lib/processes.ts';

/** What the token dialog sends for "a token for the cup final, valid 6 hours, tagged". */
export function dashboardTokenRequest(now = Date.now()): TokenRequestInput {
  return {
    target: { type: 'streams', streams: ['DmEvt-CupFn'] },
    expiresAt: new Date(now + 6 * 3600_000).toISOString(),
    revocable: false,
    forceDisconnect: false,
    tag: 'cup-final-press',
  };
}

/**
 * POST /api/tokens as the SPA sends it: session cookie, x-csrf-token, a fresh Idempotency-Key
 * per request (the SPA always sends one), JSON body. Requests go round-robin over the staff
 * sessions because the creation rate limit counts per staff member.
 */
export function tokenCreateLoad(
  baseUrl: string,
  sessions: StaffSession[],
  body: TokenRequestInput,
): LoadSpec {
  const first = sessions[0];
  if (!first) throw new Error('no staff session');
  let next = 0;
  return {
    path: '/api/tokens',
    method: 'POST',
    headers: sessionHeaders(first),
    body: JSON.stringify(body),
    perRequest: (headers) => {
      const session = sessions[next % sessions.length] as StaffSession;
      next += 1;
      return { ...headers, ...sessionHeaders(session), 'idempotency-key': randomUUID() };
    },
    refresh: () => refreshSessions(baseUrl, sessions),
  };
}

/** The same token, in the token service's own shape: what the relay floor forwards. */
export function relayLoad(body: TokenRequestInput): LoadSpec {
  const splay = toSplayRequest(resolveExpiry(createTokenRequestSchema().parse(body), Date.now()));
  return {
    path: '/',
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(splay),
  };
}

/**
 * The bare relay floor (bench/src/servers/relay.ts), pinned like the BFF; or another of the
 * bench's bare servers (`relay-recorded.ts`: the floor plus the ledger row and the seal).
 */
export async function startRelay(
  emulator: Emulator,
  server = 'relay',
  env: Record<string, string> = {},
) {
  const port = await freePort();
  const { command, args } = nodeTs(join(ROOT, `bench/src/servers/${server}.ts`));
  return startService({
    name: server,
    command,
    args,
    cores: CORE.server,
    port,
    readyPath: '/healthz',
    env: {
      RELAY_PORT: String(port),
      RELAY_UPSTREAM: emulator.url,
      RELAY_CREDENTIAL: emulator.credential,
      ...env,
    },
  });
}
