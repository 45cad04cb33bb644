import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { Client, staffClient } from '../helpers/client.ts';
import { databaseName, onPostgres } from '../helpers/database.ts';
import { createPolicy, requestToken } from '../helpers/policies.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { useTestUpstream } from '../helpers/fixture.ts';

const { emulator } = useTestUpstream();

let replicas: TestApp[] = [];
afterEach(async () => {
  // The first one removes the data directory and the database the others shared: last.
  const [owner, ...others] = replicas;
  replicas = [];
  await Promise.all(others.map((t) => t.close()));
  await owner?.close();
});

/** Three apps on one data directory: on PostgreSQL that is one database, as replicas share. */
async function startReplicas(env: Record<string, string>) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ptd-limits-'));
  const first = await createTestApp({ upstreamUrl: emulator.url, dataDir, env });
  replicas.push(first);
  for (let i = 1; i < 3; i += 1) {
    replicas.push(
      await createTestApp({ upstreamUrl: emulator.url, dataDir, env, keepDataDir: true }),
    );
  }
  return replicas;
}

/** The same signed-in browser talking to another replica (the session cookie is shared). */
function sameBrowserOn(t: TestApp, client: Client) {
  const other = new Client(t.app);
  other.cookie = client.cookie;
  other.csrf = client.csrf;
  return other;
}

/** Round-robin over the replicas, as a load balancer spreads requests. */
async function spread<T>(count: number, send: (t: TestApp, i: number) => Promise<T>) {
  const answers: T[] = [];
  for (let i = 0; i < count; i += 1) answers.push(await send(replicas[i % 3] as TestApp, i));
  return answers;
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

/** PostgreSQL: one budget for all three. SQLite (one process): each replica its own. */
const budget = (perMinute: number) => (onPostgres ? perMinute : 3 * perMinute);

describe(`rate limits of three replicas on one database (${databaseName})`, () => {
  it('should share the token creation limit of a staff member between replicas on PostgreSQL', async () => {
    const [a] = await startReplicas({ TOKEN_CREATE_RATE_PER_MINUTE: '4' });
    const editor = await staffClient((a as TestApp).app, 'editor');
    const statuses = await spread(15, async (t) => {
      const response = await sameBrowserOn(t, editor).post('/api/tokens', tokenRequest());
      return response.statusCode;
    });
    expect(tally(statuses)).toEqual({ 201: budget(4), 429: 15 - budget(4) });
  });

  it('should share the sign-in limit per client IP between replicas on PostgreSQL', async () => {
    await startReplicas({ SIGN_IN_RATE_PER_MINUTE: '3' });
    const statuses = await spread(12, async (t, i) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: `nobody${i}@example.com`, password: 'wrong password' },
        remoteAddress: '198.51.100.23',
      });
      return response.statusCode;
    });
    expect(tally(statuses)).toEqual({ 401: budget(3), 429: 12 - budget(3) });
  });

  it('should share the viewer token limits per IP and per policy between replicas on PostgreSQL', async () => {
    const [a] = await startReplicas({
      PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '2',
      PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '4',
    });
    const policy = await createPolicy(await staffClient((a as TestApp).app, 'editor'));
    const oneViewer = await spread(9, async (t) => {
      const response = await requestToken(t.app, {
        policy: policy.id,
        remoteAddress: '203.0.113.50',
      });
      return response.statusCode;
    });
    expect(tally(oneViewer)).toEqual({ 200: budget(2), 429: 9 - budget(2) });

    // Many viewers of one policy: its own budget, less what the first viewer already spent.
    const manyViewers = await spread(15, async (t, i) => {
      const response = await requestToken(t.app, {
        policy: policy.id,
        remoteAddress: `203.0.113.${100 + i}`,
      });
      return response.statusCode;
    });
    const left = budget(4) - budget(2);
    expect(tally(manyViewers)).toEqual({ 200: left, 429: 15 - left });
  });
});

describe.skipIf(!onPostgres)('requests over a shared limit (PostgreSQL)', () => {
  it('should refuse them from memory once a replica has seen the key over its limit', async () => {
    const [a] = await startReplicas({ TOKEN_CREATE_RATE_PER_MINUTE: '3' });
    const editor = await staffClient((a as TestApp).app, 'editor');
    const answers = await spread(12, (t) =>
      sameBrowserOn(t, editor).post('/api/tokens', tokenRequest()),
    );
    expect(tally(answers.map((r) => r.statusCode))).toEqual({ 201: 3, 429: 9 });
    const last = answers.at(-1);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.json()).toMatchObject({ code: 'rate-limited' });
    // Three allowed, then one refusal per replica from the database, the rest from memory.
    const { rows } = await sql<{ hits: number }>`
      select hits from rate_limit_window where key like ${`%staff:${editor.session?.user.id}`}
    `.execute((a as TestApp).app.db);
    expect(rows).toEqual([{ hits: 6 }]);
  });
});
