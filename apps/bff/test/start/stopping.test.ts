import type { PlaybackPolicy } from '@ptd/contracts';
import { decodeToken } from '@ptd/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { signInOverHttp, startBffProcess, type BffProcess } from '../helpers/bff-process.ts';
import { bareTestDb, dropTestDatabase } from '../helpers/database.ts';
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.ts';
import { http } from '../helpers/http-session.ts';
import { policyInput, SHOP } from '../helpers/policies.ts';

/** The token service this slow, so that a viewer's request is in flight when the stop comes. */
const UPSTREAM_MS = 600;

let emulator: EmulatorProcess;
let dataDir: string;
let bff: BffProcess;
let policy: PlaybackPolicy;

beforeEach(async () => {
  emulator = await startEmulatorProcess({ EMULATOR_LATENCY_MS: String(UPSTREAM_MS) });
  dataDir = await mkdtemp(path.join(tmpdir(), 'bff-stopping-'));
  bff = await startBffProcess({ upstreamUrl: emulator.url, dataDir });
  const admin = await signInOverHttp(bff.url);
  const created = await http<PlaybackPolicy>(bff.url, admin, 'POST', '/api/policies', {
    ...policyInput(),
    bindIp: false,
  });
  expect(created.status).toBe(201);
  policy = created.body;
}, 60_000);
afterEach(async () => {
  await bff?.kill();
  await emulator?.close();
  await rm(dataDir, { recursive: true, force: true });
  await dropTestDatabase(dataDir);
});

/** A viewer's request as the bytes a browser (or a proxy) sends on a kept-alive connection. */
const viewerRequest = (port: string, policyId: string) => {
  const body = JSON.stringify({ policy: policyId });
  return [
    'POST /playback-token HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Origin: https://${SHOP}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
};

/** One connection to the BFF; `text()` is everything it answered so far. */
async function connection(url: string) {
  const { port } = new URL(url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    send: (policyId: string) => socket.write(viewerRequest(port, policyId)),
    text: () => received,
    ended,
    socket,
  };
}

/** The answers on one connection, in order: status and the token, if any. */
const answersIn = (text: string) =>
  text
    .split(/(?=HTTP\/1\.1 \d{3} )/)
    .filter(Boolean)
    .map((answer) => ({
      status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]),
      closes: /\r\nconnection: close\r\n/i.test(answer),
      token: /"jwtoken":"([^"]+)"/.exec(answer)?.[1],
    }));

async function ledgerJtis(policyId: string) {
  const db = await bareTestDb<Database>(dataDir);
  try {
    const rows = await db
      .selectFrom('ledger')
      .select('jti')
      .where('policy_id', '=', policyId)
      .execute();
    return rows.map((row) => row.jti);
  } finally {
    await db.destroy();
  }
}

const jtiOf = (token: string | undefined) => {
  const decoded = decodeToken(token ?? '');
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.token.claims.jti;
};

describe('stopping the BFF (SIGTERM) while viewers ask for tokens', () => {
  it('should answer the request in flight, close its kept-alive connection and write its row before it exits', async () => {
    const viewer = await connection(bff.url);
    viewer.send(policy.id);
    await sleep(UPSTREAM_MS / 4);
    const stoppedAt = Date.now();
    bff.child.kill('SIGTERM');

    // The viewer keeps its connection open, as browsers and proxies do between requests.
    await viewer.ended;
    await bff.exited;
    const stoppingMs = Date.now() - stoppedAt;

    const [answer, ...more] = answersIn(viewer.text());
    expect(more).toEqual([]);
    expect(answer?.status).toBe(200);
    // Said, so that the client sends nothing more on a connection that is about to close.
    expect(answer?.closes).toBe(true);
    expect(bff.child.exitCode, bff.output()).toBe(0);
    // Not held until the client or the keep-alive timeout closes the connection.
    expect(stoppingMs).toBeLessThan(UPSTREAM_MS + 3_000);
    expect(await ledgerJtis(policy.id)).toEqual([jtiOf(answer?.token)]);
  }, 40_000);

  it('should answer, not refuse, a request that arrives on an open connection while it stops', async () => {
    const viewer = await connection(bff.url);
    viewer.send(policy.id);
    await sleep(UPSTREAM_MS / 4);
    bff.child.kill('SIGTERM');
    await sleep(UPSTREAM_MS / 4);
    // The listener is closed by now; this connection is still busy with the first request.
    viewer.send(policy.id);

    await viewer.ended;
    await bff.exited;
    const answers = answersIn(viewer.text());
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    // The connection ends with the last answer: the viewer's next request goes elsewhere.
    expect(answers[1]?.closes).toBe(true);
    expect(bff.child.exitCode, bff.output()).toBe(0);
    expect((await ledgerJtis(policy.id)).sort()).toEqual(answers.map((a) => jtiOf(a.token)).sort());
  }, 40_000);
});
