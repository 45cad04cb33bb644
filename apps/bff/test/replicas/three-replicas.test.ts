import type { CreateTokenResponse, TokenRecord } from '@ptd/contracts';
import { decodeToken } from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { signInOverHttp } from '../helpers/bff-process.ts';
import { bareTestDb, onPostgres } from '../helpers/database.ts';
import { policyInput, SHOP } from '../helpers/policies.ts';
import { startReplicaSet, type ReplicaSet } from '../helpers/replica-set.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { PASSWORD } from '../helpers/app.ts';
import { linkToken } from '../helpers/credentials.ts';
import { createSession, http, type HttpSession } from '../helpers/http-session.ts';

const LIMITS = {
  TOKEN_CREATE_RATE_PER_MINUTE: '20',
  PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '5',
  // Every sign-in of this file comes from 127.0.0.1.
  SIGN_IN_RATE_PER_MINUTE: '100',
};

let set: ReplicaSet;
let urls: string[];
let admin: HttpSession;

beforeAll(async () => {
  if (!onPostgres) return;
  set = await startReplicaSet(3, LIMITS);
  urls = set.replicas.map((r) => r.url);
  admin = await signInOverHttp(urls[0] as string);
}, 90_000);
afterAll(async () => {
  await set?.close();
}, 30_000);

const byId = (url: string, session: HttpSession, id: string) =>
  http<TokenRecord>(url, session, 'GET', `/api/tokens/${id}`);

describe.skipIf(!onPostgres)('three BFF processes on one PostgreSQL database', () => {
  it('should accept a session signed in on one replica on the others', async () => {
    for (const url of urls) {
      const answer = await http<{ user: { email: string } }>(url, admin, 'GET', '/api/session');
      expect(answer.status).toBe(200);
      expect(answer.body.user.email).toBe('admin@example.com');
    }
  });

  it('should end a session signed out on one replica on all of them', async () => {
    const [a, b, c] = urls as [string, string, string];
    const session = await signInOverHttp(a);
    expect((await http(b, session, 'DELETE', '/api/session')).status).toBe(204);
    for (const url of [a, b, c]) {
      expect((await http(url, session, 'GET', '/api/session')).status).toBe(401);
    }
  });

  it('should withdraw a set-password link on every replica when one disables the account', async () => {
    const [a, b, c] = urls as [string, string, string];
    const email = `linked-${randomUUID().slice(0, 8)}@example.com`;
    const created = await http<{ id: string }>(a, admin, 'POST', '/api/staff', {
      email,
      displayName: 'Linked member',
      role: 'editor',
      password: PASSWORD,
    });
    expect(created.status).toBe(201);
    const issued = await http<{ link: string }>(
      a,
      admin,
      'POST',
      `/api/staff/${created.body.id}/password-reset`,
    );
    const token = linkToken(issued.body.link);
    expect((await http(c, null, 'POST', '/api/password-reset/check', { token })).status).toBe(200);

    const disabled = await http(b, admin, 'PATCH', `/api/staff/${created.body.id}`, {
      disabled: true,
    });
    expect(disabled.status).toBe(200);
    for (const url of urls) {
      const check = await http(url, null, 'POST', '/api/password-reset/check', { token });
      expect(check.status, url).toBe(404);
    }
  });

  it('should mint one token for one Idempotency-Key sent to all three at once', async () => {
    const body = tokenRequest({ tag: 'one-key-three-replicas' });
    const key = randomUUID();
    const send = (url: string) =>
      http<CreateTokenResponse>(url, admin, 'POST', '/api/tokens', body, {
        'idempotency-key': key,
      });
    const first = await Promise.all(urls.map(send));
    // One of them claims the key; the others hear "in flight" or, if late, the answer again.
    expect(first.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(first.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const answers = [];
    for (const url of urls) {
      let answer = await send(url);
      for (let i = 0; answer.status === 409 && i < 50; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await send(url);
      }
      answers.push(answer);
    }
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.token)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.record.id)).size).toBe(1);
    const listed = await http<{ total: number }>(
      urls[2] as string,
      admin,
      'GET',
      '/api/tokens?tag=one-key-three-replicas',
    );
    expect(listed.body.total).toBe(1);
  });

  it('should hold the token creation and viewer limits across the replicas', async () => {
    const editor = await createSession(urls[0] as string, admin, 'editor');
    const creations = await Promise.all(
      Array.from({ length: 26 }, (_, i) =>
        http(urls[i % 3] as string, editor, 'POST', '/api/tokens', tokenRequest()),
      ),
    );
    const created = creations.filter((a) => a.status === 201).length;
    expect({ created, limited: creations.length - created }).toEqual({ created: 20, limited: 6 });
    expect(creations.every((a) => a.status === 201 || a.status === 429)).toBe(true);

    const policy = await http<{ id: string }>(
      urls[1] as string,
      editor,
      'POST',
      '/api/policies',
      policyInput(),
    );
    expect(policy.status).toBe(201);
    const viewers = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        fetch(`${urls[i % 3]}/playback-token`, {
          method: 'POST',
          headers: { origin: `https://${SHOP}`, 'content-type': 'application/json' },
          body: JSON.stringify({ policy: policy.body.id }),
        }).then(async (r) => (await r.body?.cancel(), r.status)),
      ),
    );
    expect(viewers.sort()).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429]);
  });

  it('should show a revoke made on one replica on all of them', async () => {
    const [a, b, c] = urls as [string, string, string];
    const created = await http<CreateTokenResponse>(
      a,
      admin,
      'POST',
      '/api/tokens',
      tokenRequest({ revocable: true, expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
    );
    expect(created.status).toBe(201);
    const id = created.body.record.id;
    expect((await http(b, admin, 'POST', `/api/tokens/${id}/revoke`)).status).toBe(200);
    for (const url of [a, b, c]) {
      expect((await byId(url, admin, id)).body.status).toBe('revoked');
    }
  });

  it('should lose no acknowledged token when a replica is killed under load', async () => {
    // Four editors, 15 creations each at most: under the limit of 20 a minute.
    const editors = await Promise.all(
      [0, 1, 2, 3].map((i) => createSession(urls[i % 3] as string, admin, 'editor')),
    );
    const acknowledged: CreateTokenResponse[] = [];
    let refused = 0;
    let sent = 0;
    const victim = set.replicas[2]!;
    let killing: Promise<void> | undefined;
    await Promise.all(
      editors.flatMap((editor) =>
        [0, 1].map(async () => {
          for (let i = 0; i < 7; i += 1) {
            const url = urls[sent++ % 3] as string;
            try {
              const answer = await http<CreateTokenResponse>(
                url,
                editor,
                'POST',
                '/api/tokens',
                tokenRequest({ tag: 'under-load' }),
              );
              if (answer.status === 201) acknowledged.push(answer.body);
              else refused += 1;
            } catch {
              refused += 1; // the killed replica: no answer, nothing acknowledged
            }
            if (acknowledged.length >= 15 && !killing) killing = victim.kill('SIGKILL');
          }
        }),
      ),
    );
    await killing;
    expect(killing).toBeDefined();
    expect(refused).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    const db = await bareTestDb<Database>(set.databaseDir);
    try {
      const rows = await db
        .selectFrom('ledger')
        .select(['id', 'jti', 'state'])
        .where(
          'id',
          'in',
          acknowledged.map((a) => a.record.id),
        )
        .execute();
      const ledger = new Map(rows.map((row) => [row.id, row]));
      for (const answer of acknowledged) {
        const decoded = decodeToken(answer.token);
        if (!decoded.ok) throw new Error(decoded.reason);
        expect(ledger.get(answer.record.id)).toEqual({
          id: answer.record.id,
          jti: decoded.token.claims.jti,
          state: 'issued',
        });
      }
    } finally {
      await db.destroy();
    }
  }, 40_000);
});
