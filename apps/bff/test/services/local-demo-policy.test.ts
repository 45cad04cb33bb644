import type { AuditList, PlaybackPolicy } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import {
  LOCAL_DEMO_POLICY_ID,
  ensureLocalDemoPolicy,
  localOrigins,
} from '../../src/services/local-demo-policy.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { CUP_FINAL_GROUP, requestToken } from '../helpers/policies.ts';

const HERE = ['http://localhost:3000'];

describe('local demo policy on the embedded default', () => {
  const {
    t,
    clients: { admin },
  } = useTestApp({ upstream: 'embedded', clients: { admin: 'admin' } });

  it('should be created once for the dashboard’s own origins and the live demo stream', async () => {
    expect(await ensureLocalDemoPolicy(t.app, HERE)).toBe('created');
    expect(await ensureLocalDemoPolicy(t.app, HERE)).toBe('unchanged');

    const policy = (
      await admin.get(`/api/policies/${LOCAL_DEMO_POLICY_ID}`)
    ).json<PlaybackPolicy>();
    expect(policy).toMatchObject({
      name: 'Local demo: the example viewer page on this dashboard',
      target: { type: 'group', groupId: CUP_FINAL_GROUP },
      allowedOrigins: HERE,
      enabled: true,
      identity: { mode: 'none' },
      tag: 'local-demo',
      createdBy: null,
    });
    const audit = (await admin.get('/api/audit?action=policy.create')).json<AuditList>();
    expect(audit.items.map((entry) => entry.subject)).toEqual([LOCAL_DEMO_POLICY_ID]);
  });

  it('should let the example viewer page play at once: prefilled, and its origin allowed', async () => {
    const page = await t.app.inject({ url: '/examples/viewer' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      `id="policy" name="policy" autocomplete="off" spellcheck="false" value="${LOCAL_DEMO_POLICY_ID}"`,
    );
    expect(page.body).toContain(
      `id="group" name="group" autocomplete="off" spellcheck="false" value="${CUP_FINAL_GROUP}"`,
    );

    const token = await requestToken(t.app, {
      policy: LOCAL_DEMO_POLICY_ID,
      origin: 'http://localhost:3000',
      remoteAddress: '127.0.0.1',
    });
    expect(token.statusCode).toBe(200);
    expect(token.json()).toHaveProperty('jwtoken');
    const elsewhere = await requestToken(t.app, { policy: LOCAL_DEMO_POLICY_ID });
    expect(elsewhere.statusCode).toBe(403);
  });

  it('should send the page opened on 127.0.0.1 (which a policy cannot list) to localhost', async () => {
    const page = await t.app.inject({
      url: '/examples/viewer?group=x',
      headers: { host: '127.0.0.1:3000' },
    });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('http://localhost:3000/examples/viewer?group=x');
    // A port the policy does not list: the page stays, and will say why it is refused.
    const other = await t.app.inject({
      url: '/examples/viewer',
      headers: { host: '127.0.0.1:3999' },
    });
    expect(other.statusCode).toBe(200);
  });

  it('should add the origins of a new port at the next start, and leave a disabled one disabled', async () => {
    const disabled = await admin.post(`/api/policies/${LOCAL_DEMO_POLICY_ID}/disable`);
    expect(disabled.statusCode).toBe(200);
    const next = ['http://localhost:4000'];
    expect(await ensureLocalDemoPolicy(t.app, next)).toBe('updated');
    const policy = (
      await admin.get(`/api/policies/${LOCAL_DEMO_POLICY_ID}`)
    ).json<PlaybackPolicy>();
    expect(policy.allowedOrigins).toEqual([...HERE, ...next]);
    expect(policy.enabled).toBe(false);
    // Disabled: the example page no longer picks it.
    const page = await t.app.inject({ url: '/examples/viewer' });
    expect(page.body).toContain(
      'id="policy" name="policy" autocomplete="off" spellcheck="false" value=""',
    );
  });
});

describe('local demo policy against a configured nanoStream Cloud', () => {
  const { t } = useTestApp();

  it('should never be created', async () => {
    expect(await ensureLocalDemoPolicy(t.app, HERE)).toBe('not-embedded');
    expect(await t.app.repos.policies.byId(LOCAL_DEMO_POLICY_ID)).toBeUndefined();
  });
});

describe('localOrigins', () => {
  it('should name localhost, a host name it listens on, and the public origin, never an IP address', () => {
    expect(localOrigins('127.0.0.1', 3000)).toEqual(HERE);
    expect(localOrigins('0.0.0.0', 3000)).toEqual(HERE);
    expect(localOrigins('::', 3000)).toEqual(HERE);
    expect(localOrigins('dash.lan', 8080, 'https://dash.example.com')).toEqual([
      'http://localhost:8080',
      'http://dash.lan:8080',
      'https://dash.example.com',
    ]);
  });
});
