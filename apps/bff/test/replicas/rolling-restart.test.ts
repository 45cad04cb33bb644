import type { CreateTokenResponse, PlaybackTokenResponse } from '@ptd/contracts';
import { decodeToken } from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@ptd/node-testing';
import { fetch, type Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { ADMIN } from '../helpers/app.ts';
import { bareTestDb, onPostgres } from '../helpers/database.ts';
import { createSession, http, signInWith } from '../helpers/http-session.ts';
import {
  EXAMPLE_HOST,
  exampleSite,
  nginxInstalled,
  startNginx,
  type Nginx,
} from '../helpers/nginx.ts';
import { policyInput, SHOP } from '../helpers/policies.ts';
import { startReplicaSet, type ReplicaSet } from '../helpers/replica-set.ts';
import { tokenRequest } from '../helpers/tokens.ts';

/** The token service this far away, so that requests are in flight when a replica stops. */
const UPSTREAM_MS = 40;
/** Two replicas, restarted in turn: while one restarts, the other carries everything. */
const REPLICAS = 2;
/**
 * From a replica listening again to stopping the next, as an orchestrator waits for it to be
 * ready and then 2 s: nginx's fail_timeout (1 s, counted in whole seconds) for a replica it
 * could not reach a moment before, during which nginx sends it nothing.
 */
const SETTLE_MS = 2_500;
/** The load, all the while: staff creating tokens, staff reading the overview, viewers. */
const CREATING = 2;
const READING = 1;
const VIEWING = 6;
/** Tries per token creation: the same Idempotency-Key again after a failure, as the SPA does. */
const CREATE_TRIES = 5;
const TAG = 'rolling-restart';

type Kind = 'create' | 'overview' | 'viewer';

let set: ReplicaSet;
let nginx: Nginx;
let base: string;
let staffClient: Agent;
let viewerClient: Agent;

beforeAll(async () => {
  if (!onPostgres || !nginxInstalled) return;
  const ports = { http: await freePort(), https: await freePort() };
  base = `https://${EXAMPLE_HOST}:${ports.https}`;
  set = await startReplicaSet(
    REPLICAS,
    {
      TRUST_PROXY: '127.0.0.1',
      PUBLIC_ORIGIN: base,
      // The restarts are under test, not the limits.
      TOKEN_CREATE_RATE_PER_MINUTE: '10000',
      PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '100000',
      PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '1000000',
    },
    { EMULATOR_LATENCY_MS: String(UPSTREAM_MS) },
  );
  nginx = await startNginx({
    host: EXAMPLE_HOST,
    ports: [ports.http, ports.https],
    site: await exampleSite(
      set.replicas.map((r) => r.url),
      ports,
    ),
  });
  staffClient = nginx.client('127.0.0.8');
  viewerClient = nginx.client('127.0.0.9');
}, 90_000);
afterAll(async () => {
  await staffClient?.close();
  await viewerClient?.close();
  await nginx?.stop();
  await set?.close();
}, 30_000);

/** One request through nginx: its status, or the error the client met instead of an answer. */
async function send(
  client: Agent,
  path: string,
  init: { method: string; headers: object; body?: string },
) {
  try {
    const response = await fetch(`${base}${path}`, {
      method: init.method,
      headers: init.headers as Record<string, string>,
      ...(init.body === undefined ? {} : { body: init.body }),
      dispatcher: client,
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json');
    return { status: String(response.status), body: json ? (JSON.parse(text) as unknown) : text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { status: `error ${cause?.code ?? (error as Error).message}`, body: null };
  }
}

/** nginx's error log, each kind of message once with how often it came. */
const summary = (errors: string) => {
  const kinds = new Map<string, number>();
  for (const line of errors.split('\n').filter((l) => /^\d{4}\/\d\d\/\d\d /.test(l))) {
    const kind = line.replace(/^.*?\*\d+ /, '').replace(/, client: .*request: "(\S+ \S+).*/, ' $1');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return [...kinds].map(([kind, times]) => `${times}× ${kind}`).join('\n');
};

describe.skipIf(!onPostgres || !nginxInstalled)('a rolling restart behind nginx under load', () => {
  it('should answer every staff member and viewer while each replica restarts, creating each token once', async () => {
    const admin = await signInWith(base, ADMIN.email, ADMIN.password, {
      dispatcher: staffClient,
      headers: { origin: base },
    });
    const editor = await createSession(set.replicas[0]!.url, admin.session, 'editor');
    const policy = await http<{ id: string }>(
      set.replicas[0]!.url,
      editor,
      'POST',
      '/api/policies',
      policyInput({ name: 'Rolling restart viewers', bindIp: false }),
    );
    expect(policy.status).toBe(201);

    // Every answer (or error) each kind of client met, by status.
    const counts: Record<Kind, Record<string, number>> = { create: {}, overview: {}, viewer: {} };
    const count = (kind: Kind, status: string) => {
      counts[kind][status] = (counts[kind][status] ?? 0) + 1;
    };
    const staffHeaders = { cookie: editor.cookie, 'x-csrf-token': editor.csrf, origin: base };
    /** Per Idempotency-Key, the token records its 201 answers named. */
    const created = new Map<string, Set<string>>();
    const viewerTokens: string[] = [];
    let running = true;

    const creating = async () => {
      while (running) {
        const key = randomUUID();
        for (let attempt = 0; attempt < CREATE_TRIES; attempt += 1) {
          const answer = await send(staffClient, '/api/tokens', {
            method: 'POST',
            headers: {
              ...staffHeaders,
              'content-type': 'application/json',
              'idempotency-key': key,
            },
            body: JSON.stringify(tokenRequest({ tag: TAG })),
          });
          count('create', answer.status);
          if (answer.status === '201') {
            const records = created.get(key) ?? new Set();
            created.set(key, records.add((answer.body as CreateTokenResponse).record.id));
            break;
          }
          await sleep(100);
        }
        await sleep(50);
      }
    };
    const reading = async () => {
      while (running) {
        const answer = await send(staffClient, '/api/insights', {
          method: 'GET',
          headers: staffHeaders,
        });
        count('overview', answer.status);
        await sleep(100);
      }
    };
    const viewing = async () => {
      while (running) {
        const answer = await send(viewerClient, '/playback-token', {
          method: 'POST',
          headers: { origin: `https://${SHOP}`, 'content-type': 'application/json' },
          body: JSON.stringify({ policy: policy.body.id }),
        });
        count('viewer', answer.status);
        if (answer.status === '200') {
          viewerTokens.push((answer.body as PlaybackTokenResponse).jwtoken);
        }
        await sleep(10);
      }
    };
    const load = Promise.all([
      ...Array.from({ length: CREATING }, creating),
      ...Array.from({ length: READING }, reading),
      ...Array.from({ length: VIEWING }, viewing),
    ]);
    try {
      await sleep(SETTLE_MS);
      for (let i = 0; i < REPLICAS; i += 1) {
        await set.restart(i);
        await sleep(SETTLE_MS);
      }
    } finally {
      running = false;
      await load;
    }

    // Each replica stopped cleanly, and no client met a 5xx or a broken connection.
    expect(set.exits).toEqual(Array.from({ length: REPLICAS }, () => 0));
    const failed = Object.entries(counts).flatMap(([kind, statuses]) =>
      Object.keys(statuses)
        .filter((status) => !/^20[01]$/.test(status))
        .map((status) => `${kind} ${status}`),
    );
    expect(failed, `${JSON.stringify(counts)}\nnginx:\n${summary(nginx.errors())}`).toEqual([]);
    expect(counts.create['201']).toBeGreaterThan(0);
    expect(counts.overview['200']).toBeGreaterThan(0);

    // The rows of the last viewer tokens are written behind their answers (within 25 ms).
    for (const replica of set.replicas) {
      for (let waiting = 1; waiting > 0; await sleep(25)) {
        const ready = await http<{ viewerRowsWaiting: number }>(
          replica.url,
          null,
          'GET',
          '/readyz',
        );
        waiting = ready.body.viewerRowsWaiting;
      }
    }
    const db = await bareTestDb<Database>(set.databaseDir);
    try {
      const rows = await db.selectFrom('ledger').select(['id', 'jti', 'kind', 'tag']).execute();
      // One token per Idempotency-Key, however often it was sent.
      expect([...created.values()].filter((records) => records.size !== 1)).toEqual([]);
      expect(
        rows
          .filter((row) => row.tag === TAG)
          .map((row) => row.id)
          .sort(),
      ).toEqual([...created.values()].flatMap((records) => [...records]).sort());
      // Every viewer token handed out is in the ledger, and none was made that no viewer got
      // (a request nginx sent again had not been read by the replica it first went to).
      const viewerRows = new Set(rows.filter((row) => row.kind === 'viewer').map((row) => row.jti));
      const jtis = viewerTokens.map((token) => {
        const decoded = decodeToken(token);
        if (!decoded.ok) throw new Error(decoded.reason);
        return String(decoded.token.claims.jti);
      });
      expect(jtis.filter((jti) => !viewerRows.has(jti))).toEqual([]);
      expect(viewerRows.size).toBe(jtis.length);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
