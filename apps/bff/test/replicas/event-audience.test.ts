import type { PlaybackTokenResponse } from '@ptd/contracts';
import { decodeToken } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { signInOverHttp } from '../helpers/bff-process.ts';
import { bareTestDb, onPostgres } from '../helpers/database.ts';
import { createSession, http } from '../helpers/http-session.ts';
import { policyInput, SHOP } from '../helpers/policies.ts';
import { startReplicaSet, type ReplicaSet } from '../helpers/replica-set.ts';

/** An event's audience: more viewers than the policy's budget for the minute, all at once. */
const AUDIENCE = 1_500;
const POLICY_BUDGET = 1_200;
/** Viewers asking at the same moment (their pages open as the event starts). */
const AT_ONCE = 60;

let set: ReplicaSet;

beforeAll(async () => {
  if (!onPostgres) return;
  set = await startReplicaSet(3, {
    // The replicas stand behind a proxy on 127.0.0.1 that says who the viewer is.
    TRUST_PROXY: '127.0.0.1',
    PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: String(POLICY_BUDGET),
    SIGN_IN_RATE_PER_MINUTE: '100',
  });
}, 90_000);
afterAll(async () => {
  await set?.close();
}, 30_000);

interface Answer {
  viewer: string;
  replica: number;
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/**
 * One viewer's page asking for its token at one replica, as the proxy forwards it; `null` when
 * the replica did not answer at all (it had stopped listening).
 */
async function ask(url: string, policy: string, viewer: string, replica: number) {
  try {
    const response = await fetch(`${url}/playback-token`, {
      method: 'POST',
      headers: {
        origin: `https://${SHOP}`,
        'content-type': 'application/json',
        'x-forwarded-for': viewer,
      },
      body: JSON.stringify({ policy }),
    });
    const text = await response.text();
    return {
      viewer,
      replica,
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : null,
      retryAfter: response.headers.get('retry-after'),
    } satisfies Answer;
  } catch {
    return null;
  }
}

describe.skipIf(!onPostgres)('an event audience on three replicas, one restarted', () => {
  it('should hold the policy budget across replicas, answer every viewer it accepts and record every token it hands out', async () => {
    const urls = set.replicas.map((r) => r.url);
    const admin = await signInOverHttp(urls[0] as string);
    const editor = await createSession(urls[0] as string, admin, 'editor');
    const policy = await http<{ id: string }>(
      urls[1] as string,
      editor,
      'POST',
      '/api/policies',
      policyInput({ name: 'Cup final audience', bindIp: true }),
    );
    expect(policy.status).toBe(201);

    // Each viewer its own address; the proxy sends it to a replica, and to another one when the
    // first does not answer (it is being restarted).
    const viewers = Array.from(
      { length: AUDIENCE },
      (_, i) => `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    );
    const stopping = set.replicas[2]!;
    let stopped: Promise<void> | undefined;
    const answers: Answer[] = [];
    let unanswered = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next < viewers.length) {
          const i = next++;
          const viewer = viewers[i] as string;
          let answer = await ask(urls[i % 3] as string, policy.body.id, viewer, i % 3);
          if (!answer) {
            unanswered += 1;
            answer = await ask(urls[i % 2] as string, policy.body.id, viewer, i % 2);
          }
          if (!answer) throw new Error(`no replica answered ${viewer}`);
          answers.push(answer);
          // A rolling restart: a third of the way in, one replica is told to stop.
          if (answers.length === Math.floor(AUDIENCE / 3) && !stopped) {
            stopped = stopping.kill('SIGTERM');
          }
        }
      }),
    );
    await stopped;
    expect(stopping.child.exitCode, stopping.output()).toBe(0);

    const byStatus = new Map<number, Answer[]>();
    for (const answer of answers) {
      byStatus.set(answer.status, [...(byStatus.get(answer.status) ?? []), answer]);
    }
    const issued = byStatus.get(200) ?? [];
    // The stopping replica finished what it had accepted; what came after went elsewhere.
    expect(unanswered).toBeGreaterThan(0);
    expect(new Set(issued.map((a) => a.replica))).toEqual(new Set([0, 1, 2]));
    // One budget for the policy over the three replicas: exactly that many tokens, no more, and
    // every other viewer told when to ask again.
    const statuses = Object.fromEntries([...byStatus].map(([status, of]) => [status, of.length]));
    expect(statuses, JSON.stringify([...byStatus].filter(([s]) => s !== 200 && s !== 429))).toEqual(
      {
        200: POLICY_BUDGET,
        429: AUDIENCE - POLICY_BUDGET,
      },
    );
    const limited = byStatus.get(429) ?? [];
    expect(limited).toHaveLength(AUDIENCE - POLICY_BUDGET);
    for (const refusal of limited) {
      expect(refusal.body).toMatchObject({ code: 'rate-limited' });
      expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
    }

    // Nothing went wrong on the way (replicas writing the same counts at once once deadlocked).
    for (const replica of set.replicas) expect(replica.output()).not.toContain('"level":50');

    // Every token handed out is in the ledger once, bound to its viewer, including those the
    // stopping replica handed out just before it stopped (its rows are written behind answers).
    const db = await bareTestDb<Database>(set.databaseDir);
    try {
      const rows = await db
        .selectFrom('ledger')
        .select(['jti', 'ip', 'state', 'kind'])
        .where('policy_id', '=', policy.body.id)
        .execute();
      expect(rows).toHaveLength(POLICY_BUDGET);
      const byJti = new Map(rows.map((row) => [row.jti, row]));
      for (const answer of issued) {
        const decoded = decodeToken((answer.body as PlaybackTokenResponse).jwtoken);
        if (!decoded.ok) throw new Error(decoded.reason);
        expect(byJti.get(String(decoded.token.claims.jti))).toEqual({
          jti: decoded.token.claims.jti,
          ip: answer.viewer,
          state: 'issued',
          kind: 'viewer',
        });
      }
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
