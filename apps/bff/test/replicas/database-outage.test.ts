import type { CreateTokenResponse, PlaybackTokenResponse } from '@ptd/contracts';
import { decodeToken } from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp, startBffProcess, type BffProcess } from '../helpers/bff-process.ts';
import { onPostgres } from '../helpers/database.ts';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.ts';
import { http, type HttpSession } from '../helpers/http-session.ts';
import { policyInput, SHOP } from '../helpers/policies.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { postgresBinDir, startCluster, type TestCluster } from '../postgres/cluster.ts';

/**
 * PostgreSQL restarts (or fails over) for a few seconds during an event, under two replicas
 * serving viewers and staff. A cluster of this file's own, so that stopping it touches no
 * other test. The replicas must come through by themselves: every answer a known one, the rows
 * of every viewer token handed out in the ledger once, and everything normal again soon after.
 */

const DOWN_MS = 3_000;
/** Viewers asking at once, each request from an address of its own. */
const VIEWERS = 8;

let cluster: TestCluster;
let emulator: EmulatorProcess;
const replicas: BffProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  cluster = await startCluster(postgresBinDir() as string);
  emulator = await startEmulatorProcess();
  const key = () => randomUUID().replaceAll('-', '');
  const shared = {
    DATABASE_URL: cluster.url,
    SESSION_KEYS: Buffer.from(key()).toString('base64'),
    LEDGER_KEY: Buffer.from(key()).toString('base64'),
    TRUST_PROXY: '127.0.0.1',
    PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '100000',
    TOKEN_CREATE_RATE_PER_MINUTE: '10000',
    SIGN_IN_RATE_PER_MINUTE: '100',
  };
  for (let i = 0; i < 2; i += 1) {
    const dataDir = await mkdtemp(path.join(tmpdir(), `ptd-outage-${i}-`));
    dirs.push(dataDir);
    replicas.push(await startBffProcess({ upstreamUrl: emulator.url, dataDir, env: shared }));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill('SIGTERM')));
  await emulator?.close();
  await cluster?.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}, 30_000);

type Phase = 'before' | 'during' | 'after';
interface Answer {
  who: 'viewer' | 'session' | 'token' | 'readyz';
  replica: number;
  phase: Phase;
  at: number;
  status: number;
  body: unknown;
  retryAfter: string | null;
}

describe.skipIf(!onPostgres)('PostgreSQL restarting for a few seconds during an event', () => {
  it('should answer every client with a known answer, lose no viewer row and be normal again by itself', async () => {
    const urls = replicas.map((r) => r.url);
    const admin: HttpSession = await signInOverHttp(urls[0] as string);
    const policy = await http<{ id: string }>(
      urls[0] as string,
      admin,
      'POST',
      '/api/policies',
      policyInput({ name: 'Outage audience' }),
    );
    expect(policy.status).toBe(201);

    let phase: Phase = 'before';
    let haltedAt = 0;
    let resumedAt = 0;
    const answers: Answer[] = [];
    let stop = false;
    const record = async (
      who: Answer['who'],
      replica: number,
      send: () => Promise<{ status: number; body: unknown; headers: Headers }>,
    ) => {
      const at = Date.now();
      const seen = phase;
      try {
        const { status, body, headers } = await send();
        const answer = { who, replica, phase: seen, at, status, body };
        answers.push({ ...answer, retryAfter: headers.get('retry-after') });
      } catch {
        answers.push({ who, replica, phase: seen, at, status: 0, body: null, retryAfter: null });
      }
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let viewer = 0;
    const viewerLoops = Array.from({ length: VIEWERS }, async (_, loop) => {
      while (!stop) {
        viewer += 1;
        const ip = `198.51.${Math.floor(viewer / 250) % 250}.${(viewer % 250) + 1}`;
        await record('viewer', loop % 2, () =>
          http(
            urls[loop % 2] as string,
            null,
            'POST',
            '/playback-token',
            { policy: policy.body.id },
            {
              origin: `https://${SHOP}`,
              'x-forwarded-for': ip,
            },
          ),
        );
        await pause(20);
      }
    });
    const staffLoop = (async () => {
      for (let i = 0; !stop; i += 1) {
        const url = urls[i % 2] as string;
        await record('session', i % 2, () => http(url, admin, 'GET', '/api/session'));
        await record('token', i % 2, () =>
          http(url, admin, 'POST', '/api/tokens', tokenRequest({ tag: 'outage' }), {
            'idempotency-key': randomUUID(),
          }),
        );
        await pause(100);
      }
    })();
    const probeLoop = (async () => {
      while (!stop) {
        await Promise.all(
          // As an admin: the breakdown says how many viewer rows are held (while the database
          // is down the session cannot be read, and the answer is the bare status).
          urls.map((url, r) => record('readyz', r, () => http(url, admin, 'GET', '/readyz'))),
        );
        await pause(100);
      }
    })();

    const normalSince = () => {
      // Both replicas ready with nothing held, and each has answered a viewer and a staff
      // token since PostgreSQL was back.
      const after = answers.filter((a) => a.phase === 'after');
      const lastReady = urls.map((_, r) =>
        after.filter((a) => a.who === 'readyz' && a.replica === r).at(-1),
      );
      const ready = lastReady.every(
        (a) =>
          a?.status === 200 && (a.body as { viewerRowsWaiting: number }).viewerRowsWaiting === 0,
      );
      const served = (who: Answer['who'], status: number) =>
        urls.every((_, r) =>
          after.some((a) => a.who === who && a.replica === r && a.status === status),
        );
      return ready && served('viewer', 200) && served('token', 201);
    };

    await pause(1_500);
    phase = 'during';
    haltedAt = Date.now();
    await cluster.halt();
    await pause(DOWN_MS);
    await cluster.resume();
    resumedAt = Date.now();
    phase = 'after';
    const deadline = resumedAt + 20_000;
    while (!normalSince() && Date.now() < deadline) await pause(100);
    const normalAfterMs = Date.now() - resumedAt;
    // Judged now: the answers still arriving while the loops stop may catch a replica with the
    // rows of its last viewers held for their next write, which is normal too.
    const normal = normalSince();
    stop = true;
    await Promise.all([...viewerLoops, staffLoop, probeLoop]);

    // What each kind of client got, by phase and status.
    const table: Record<string, Record<string, number>> = {};
    for (const a of answers) {
      const row = `${a.who} ${a.phase}`;
      const column =
        a.status >= 400 ? `${a.status} ${(a.body as { code?: string })?.code}` : String(a.status);
      table[row] ??= {};
      table[row][column] = (table[row][column] ?? 0) + 1;
    }
    const summary = JSON.stringify({ downMs: resumedAt - haltedAt, normalAfterMs, table }, null, 1);
    console.info(summary);

    // The replicas lived through it, and all was normal again without anyone's help.
    for (const replica of replicas) expect(replica.child.exitCode, replica.output()).toBeNull();
    expect(normal, summary).toBe(true);
    expect(normalAfterMs, summary).toBeLessThan(10_000);

    // Every answer was one a client knows: success, or 503 in the error shape with when to ask
    // again (pages try 503 again; a 500 they show as a failure).
    const unknown = answers.filter(
      (a) =>
        a.who !== 'readyz' &&
        a.status >= 300 &&
        !(
          a.status === 503 &&
          // A staff token the token service made as the database went away: not handed out,
          // and said so (decision 005).
          ((a.body as { code?: unknown })?.code === 'token-not-recorded' ||
            Number(a.retryAfter) > 0) &&
          typeof (a.body as { code?: unknown })?.code === 'string' &&
          typeof (a.body as { message?: unknown })?.message === 'string'
        ),
    );
    expect(
      unknown.map((a) => `${a.who} ${a.phase} ${a.status} ${JSON.stringify(a.body)}`),
      summary,
    ).toEqual([]);
    // Staff read a sentence that says what happened and what to do.
    for (const a of answers.filter(
      (a) => a.who !== 'viewer' && a.who !== 'readyz' && a.status === 503,
    )) {
      expect(['database-unavailable', 'database-busy', 'token-not-recorded']).toContain(
        (a.body as { code: string }).code,
      );
    }
    // Viewers kept getting tokens while their rows could be held (decision 020).
    const during = answers.filter((a) => a.who === 'viewer' && a.phase === 'during');
    expect(during.filter((a) => a.status === 200).length, summary).toBeGreaterThan(0);

    // /readyz said not ready while the database was down, and was 200 again afterwards.
    const probes = answers.filter((a) => a.who === 'readyz');
    expect(
      probes.some(
        (a) =>
          a.phase === 'during' &&
          a.status === 503 &&
          (a.body as { status: string }).status === 'not-ready',
      ),
    ).toBe(true);

    // Every viewer token handed out is in the ledger exactly once; every staff token created too.
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ jti: string; n: number }>(
        `select jti, count(*)::int as n from ledger where policy_id = $1 group by jti`,
        [policy.body.id],
      );
      const ledger = new Map(rows.map((r) => [r.jti, r.n]));
      const issued = answers.filter((a) => a.who === 'viewer' && a.status === 200);
      const missing = issued.flatMap((a) => {
        const decoded = decodeToken((a.body as PlaybackTokenResponse).jwtoken);
        if (!decoded.ok) throw new Error(decoded.reason);
        const jti = String(decoded.token.claims.jti);
        return ledger.get(jti) === 1 ? [] : [`${a.phase} ${jti} ${ledger.get(jti) ?? 0}`];
      });
      expect(missing, summary).toEqual([]);
      expect(rows.length).toBe(issued.length);

      const created = answers.filter((a) => a.who === 'token' && a.status === 201);
      const staff = await client.query<{ id: string; state: string }>(
        `select id, state from ledger where kind = 'staff'`,
      );
      const states = new Map(staff.rows.map((r) => [r.id, r.state]));
      for (const a of created) {
        expect(states.get((a.body as CreateTokenResponse).record.id)).toBe('issued');
      }
    } finally {
      await client.end();
    }
  }, 60_000);
});
