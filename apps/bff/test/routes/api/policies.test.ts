import type { AuditList, PlaybackPolicy } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../helpers/client.ts';
import { startSiteKeys, type SiteKeys } from '../../helpers/identity.ts';
import { CUP_FINAL_GROUP, createPolicy, policyInput } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let site: SiteKeys;

const SECRET = 'a shared secret of at least thirty-two characters';

beforeAll(async () => {
  site = await startSiteKeys();
});
// The site's keys are served over http from 127.0.0.1.
const {
  t,
  clients: { editor, admin, viewer },
} = useTestApp({
  env: { IDENTITY_JWKS_ALLOW_HTTP_LOOPBACK: 'true' },
  clients: { editor: 'editor', admin: 'admin', viewer: 'viewer' },
});
afterAll(async () => {
  await site.close();
});

const put = (client: Client, id: string, body: unknown) =>
  client.request('PUT', `/api/policies/${id}`, { body });

describe('playback policies API', () => {
  it('should create a policy with the defaults and record who did it', async () => {
    const response = await editor.post('/api/policies', policyInput({ tag: 'cup' }));
    expect(response.statusCode).toBe(201);
    const policy = response.json<PlaybackPolicy>();
    expect(policy).toMatchObject({
      name: 'Cup final viewers',
      target: { type: 'group', groupId: CUP_FINAL_GROUP },
      lifetimeMinutes: 30,
      bindIp: true,
      allowIpv6WithoutBinding: false,
      allowedOrigins: ['https://shop.example.com'],
      revocable: true,
      forceDisconnect: false,
      tag: 'cup',
      identity: { mode: 'none' },
      enabled: true,
      createdBy: { email: editor.session?.user.email },
    });
    const audit = (await admin.get('/api/audit?action=policy.create')).json<AuditList>();
    expect(audit.items[0]).toMatchObject({
      subject: policy.id,
      actor: { email: editor.session?.user.email },
      details: { name: 'Cup final viewers', lifetimeMinutes: 30 },
    });
  });

  it('should create one policy for one Idempotency-Key when the answer was lost and it is sent again', async () => {
    const body = policyInput({ name: 'Resent policy', tag: 'resent' });
    const headers = { 'idempotency-key': 'policy-resent-1' };
    const first = await editor.post('/api/policies', body, { headers });
    const again = await editor.post('/api/policies', body, { headers });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json<PlaybackPolicy>().id).toBe(first.json<PlaybackPolicy>().id);
    const other = await editor.post('/api/policies', { ...body, tag: 'other' }, { headers });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency-key-reused' });
    const saved = await t.app.db
      .selectFrom('policy')
      .select('id')
      .where('name', '=', 'Resent policy')
      .execute();
    expect(saved).toHaveLength(1);
    const audit = (await admin.get('/api/audit?action=policy.create')).json<AuditList>();
    expect(audit.items.filter((item) => item.subject === saved[0]?.id)).toHaveLength(1);
  });

  it('should save a policy for a list of streams and show each stream once', async () => {
    const target = {
      type: 'streams' as const,
      streams: ['DmoEv-live1', 'DmoEv-live2', 'DmoEv-live1'],
    };
    const response = await editor.post('/api/policies', policyInput({ target }));
    expect(response.statusCode).toBe(201);
    const policy = response.json<PlaybackPolicy>();
    const once = { type: 'streams', streams: ['DmoEv-live1', 'DmoEv-live2'] };
    expect(policy.target).toEqual(once);
    expect((await viewer.get(`/api/policies/${policy.id}`)).json<PlaybackPolicy>().target).toEqual(
      once,
    );
    const listed = (await viewer.get('/api/policies')).json<PlaybackPolicy[]>();
    expect(listed.find((p) => p.id === policy.id)?.target).toEqual(once);
  });

  it('should let viewers read policies but not write them', async () => {
    const policy = await createPolicy(admin);
    expect((await viewer.get('/api/policies')).statusCode).toBe(200);
    expect((await viewer.get(`/api/policies/${policy.id}`)).json()).toMatchObject({
      id: policy.id,
    });
    for (const response of [
      await viewer.post('/api/policies', policyInput()),
      await put(viewer, policy.id, policyInput()),
      await viewer.post(`/api/policies/${policy.id}/disable`),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
    }
  });

  it('should refuse requests without a session or without the CSRF token', async () => {
    const anonymous = new Client(t.app);
    expect((await anonymous.get('/api/policies')).statusCode).toBe(401);
    expect((await anonymous.post('/api/policies', policyInput())).statusCode).toBe(401);
    const noCsrf = await editor.post('/api/policies', policyInput(), { noCsrf: true });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'csrf' });
    const crossSite = await editor.post('/api/policies', policyInput(), {
      headers: { origin: 'https://evil.example.net' },
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('should name the field of a rule the policy breaks', async () => {
    const response = await editor.post(
      '/api/policies',
      policyInput({ lifetimeMinutes: 2000, allowedOrigins: ['*.example.com'] }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual(
      expect.arrayContaining([
        { path: 'lifetimeMinutes', message: 'Token lifetime: at most 24 hours (1440 minutes).' },
        { path: 'allowedOrigins.0', message: expect.stringMatching(/Wildcards/) },
      ]),
    );
  });

  it('should store the identity secret encrypted and never return it', async () => {
    const created = await editor.post(
      '/api/policies',
      policyInput({ identity: { mode: 'secret', secret: SECRET, audience: 'player' } }),
    );
    expect(created.statusCode).toBe(201);
    const policy = created.json<PlaybackPolicy>();
    expect(policy.identity).toEqual({
      mode: 'secret',
      secretSet: true,
      issuer: null,
      audience: 'player',
    });
    const row = await t.app.db
      .selectFrom('policy')
      .selectAll()
      .where('id', '=', policy.id)
      .executeTakeFirstOrThrow();
    expect(row.identity_secret).toMatch(/^v1\./);
    for (const response of [
      created,
      await editor.get('/api/policies'),
      await editor.get(`/api/policies/${policy.id}`),
      await admin.get('/api/audit'),
    ]) {
      expect(response.body).not.toContain(SECRET);
    }
    expect(t.rawLogs()).not.toContain(SECRET);
  });

  it('should keep the stored secret on an update without one, and want one when there is none', async () => {
    const policy = await createPolicy(editor, { identity: { mode: 'secret', secret: SECRET } });
    const kept = await put(
      editor,
      policy.id,
      policyInput({ name: 'Renamed', identity: { mode: 'secret' } }),
    );
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toMatchObject({
      name: 'Renamed',
      identity: { mode: 'secret', secretSet: true },
      updatedBy: { email: editor.session?.user.email },
    });

    const plain = await createPolicy(editor);
    const missing = await put(editor, plain.id, policyInput({ identity: { mode: 'secret' } }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues).toEqual([
      { path: 'identity.secret', message: expect.stringMatching(/^Shared secret:/) },
    ]);
    const audit = (await admin.get('/api/audit?action=policy.update')).json<AuditList>();
    expect(audit.items[0]).toMatchObject({
      subject: policy.id,
      details: { changed: ['name'], secretReplaced: false },
    });
  });

  it('should switch to a JWKS URL and drop the stored secret', async () => {
    const policy = await createPolicy(editor, { identity: { mode: 'secret', secret: SECRET } });
    const updated = await put(
      editor,
      policy.id,
      policyInput({ identity: { mode: 'jwks', jwksUrl: site.url } }),
    );
    expect(updated.json().identity).toEqual({
      mode: 'jwks',
      jwksUrl: site.url,
      keys: [{ kid: 'site-key-1', kty: 'EC', alg: 'ES256', crv: 'P-256' }],
      issuer: null,
      audience: null,
    });
    const row = await t.app.repos.policies.byId(policy.id);
    expect(row?.identity_secret).toBeNull();
  });

  it('should disable and enable a policy at once, with audit entries', async () => {
    const policy = await createPolicy(editor);
    const disabled = await editor.post(`/api/policies/${policy.id}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ enabled: false });
    const again = await editor.post(`/api/policies/${policy.id}/disable`);
    expect(again.json()).toMatchObject({ enabled: false });
    expect((await editor.post(`/api/policies/${policy.id}/enable`)).json()).toMatchObject({
      enabled: true,
    });
    const audit = (await admin.get('/api/audit')).json<AuditList>();
    const mine = audit.items.filter((entry) => entry.subject === policy.id);
    // Disabling twice is recorded once.
    expect(mine.map((entry) => entry.action)).toEqual([
      'policy.enable',
      'policy.disable',
      'policy.create',
    ]);
  });

  it('should answer 404 for an unknown policy', async () => {
    const unknown = crypto.randomUUID();
    expect((await editor.get(`/api/policies/${unknown}`)).statusCode).toBe(404);
    expect((await put(editor, unknown, policyInput())).statusCode).toBe(404);
    expect((await editor.post(`/api/policies/${unknown}/enable`)).statusCode).toBe(404);
  });

  it('should list enabled policies first, then by name', async () => {
    const list = (await viewer.get('/api/policies')).json<PlaybackPolicy[]>();
    const enabledFlags = list.map((p) => p.enabled);
    expect(enabledFlags).toEqual([...enabledFlags].sort((a, b) => Number(b) - Number(a)));
    expect(list.length).toBeGreaterThan(3);
  });
});
