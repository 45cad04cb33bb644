import type { AuditList, CreateTokenResponse } from '@ptd/contracts';
import { decodeToken } from '@ptd/contracts';
import { freePort } from '@ptd/node-testing';
import { fetch, type Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../helpers/app.ts';
import { onPostgres } from '../helpers/database.ts';
import { http, signInWith, type HttpSession } from '../helpers/http-session.ts';
import {
  EXAMPLE_HOST as HOST,
  exampleSite,
  nginxInstalled,
  startNginx,
  type Nginx,
} from '../helpers/nginx.ts';
import { policyInput, SHOP } from '../helpers/policies.ts';
import { startReplicaSet, type ReplicaSet } from '../helpers/replica-set.ts';
import { tokenRequest } from '../helpers/tokens.ts';

/** The viewer's or staff member's address as nginx sees it (any 127/8 address is loopback). */
const CLIENT = '127.0.0.7';

let set: ReplicaSet;
let nginx: Nginx;
let base: string;
let ports: { http: number; https: number };
let client: Agent;

beforeAll(async () => {
  if (!onPostgres || !nginxInstalled) return;
  ports = { http: await freePort(), https: await freePort() };
  base = `https://${HOST}:${ports.https}`;
  set = await startReplicaSet(2, { TRUST_PROXY: '127.0.0.1', PUBLIC_ORIGIN: base });
  nginx = await startNginx({
    host: HOST,
    ports: [ports.http, ports.https],
    site: await exampleSite(
      set.replicas.map((r) => r.url),
      ports,
    ),
  });
  client = nginx.client(CLIENT);
}, 90_000);
afterAll(async () => {
  await client?.close();
  await nginx?.stop();
  await set?.close();
}, 30_000);

describe.skipIf(!onPostgres || !nginxInstalled)('two replicas behind nginx', () => {
  let admin: HttpSession;

  it('should answer /readyz and send plain http to https', async () => {
    const ready = await fetch(`${base}/readyz`, { dispatcher: client });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const plain = await fetch(`http://${HOST}:${ports.http}/tokens?tag=x`, {
      dispatcher: client,
      redirect: 'manual',
    });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://${HOST}/tokens?tag=x`);
  });

  it('should sign in through nginx with a Secure cookie and record the address nginx saw', async () => {
    const { session, answer } = await signInWith(base, ADMIN.email, ADMIN.password, {
      dispatcher: client,
      // A browser's Origin; and an X-Forwarded-For that nginx must not pass on.
      headers: { origin: base, 'x-forwarded-for': '203.0.113.66' },
    });
    admin = session;
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('ptd_session='));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(answer.headers.get('strict-transport-security')).toMatch(/^max-age=/);

    const audit = await http<AuditList>(base, admin, 'GET', '/api/audit?action=session.sign-in');
    expect(audit.body.items[0]?.ip).toBe(CLIENT);
  });

  it('should create a token through nginx and audit it with the client address', async () => {
    const created = await http<CreateTokenResponse>(
      base,
      admin,
      'POST',
      '/api/tokens',
      tokenRequest({ tag: 'through-nginx' }),
      { origin: base },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const audit = await http<AuditList>(base, admin, 'GET', '/api/audit?action=token.create');
    expect(audit.body.items[0]).toMatchObject({ subject: created.body.record.id, ip: CLIENT });
  });

  it("should bind a viewer token to the viewer's address as nginx saw it", async () => {
    const policy = await http<{ id: string }>(base, admin, 'POST', '/api/policies', {
      ...policyInput(),
    });
    expect(policy.status).toBe(201);
    const answer = await fetch(`${base}/playback-token`, {
      method: 'POST',
      dispatcher: client,
      headers: {
        origin: `https://${SHOP}`,
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.66',
      },
      body: JSON.stringify({ policy: policy.body.id }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(`https://${SHOP}`);
    const { jwtoken } = (await answer.json()) as { jwtoken: string };
    const decoded = decodeToken(jwtoken);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.token.claims).toMatchObject({ ip: CLIENT, domain: SHOP });
  });

  it('should have spread the requests over both replicas', async () => {
    const log = await nginx.accessLog();
    for (const replica of set.replicas) expect(log).toContain(new URL(replica.url).host);
    expect(log).toContain(`${CLIENT} POST /api/tokens 201`);
  });
});
