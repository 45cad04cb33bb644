import type { AuditList, Session } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../helpers/client.ts';
import { ssoSignIn } from '../../helpers/oidc-flow.ts';
import { startOidcProvider, type OidcTestProvider } from '../../helpers/oidc-provider.ts';
import { CLIENT_SECRET, dashboardClient, ssoEnv } from '../../helpers/oidc-setup.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let provider: OidcTestProvider;

const user = (login: string) => provider.users.find((u) => u.login === login)!;
const auditOf = async (action: string) =>
  (await admin.get(`/api/audit?action=${action}`)).json<AuditList>().items;

beforeAll(async () => {
  provider = await startOidcProvider({ clients: [dashboardClient] });
});
const {
  t,
  clients: { admin },
} = useTestApp({ env: () => ssoEnv(provider.issuer), clients: { admin: 'admin' } });
afterAll(async () => {
  await provider.close();
});

describe('single sign-on with an OpenID provider', () => {
  it('should offer the provider and the password on the sign-in page', async () => {
    const options = await t.app.inject({ method: 'GET', url: '/api/session/options' });
    expect(options.json()).toEqual({ password: true, sso: { name: 'Local IdP' } });
  });

  it('should provision a new staff member with the role their group maps to, once', async () => {
    const first = await ssoSignIn(t.app, provider.issuer, user('eddie'));
    expect(first.response.statusCode).toBe(303);
    expect(first.response.headers.location).toBe('/tokens');
    const session = (await first.client.get('/api/session')).json<Session>();
    expect(session.user).toMatchObject({ email: 'eddie@example.com', role: 'editor' });
    expect(session.user.displayName).toBe('Eddie Editor');
    expect(session.singleSignOn).toBe(true);

    const again = await ssoSignIn(t.app, provider.issuer, user('eddie'));
    expect((await again.client.get('/api/session')).json<Session>().user.id).toBe(session.user.id);
    const provisioned = await auditOf('staff.sso-provision');
    expect(provisioned.filter((e) => e.subject === session.user.id)).toHaveLength(1);
    expect(provisioned[0]!.details).toMatchObject({ email: 'eddie@example.com', role: 'editor' });
    const signIns = (await auditOf('session.sign-in')).filter((e) => e.subject === session.user.id);
    expect(signIns[0]!.details).toMatchObject({ method: 'sso', provider: 'Local IdP' });
  });

  it('should take out of the provider’s name what would reorder or hide it where it is shown', async () => {
    // A right-to-left override makes "\u202Enimda" read "admin"; a line separator breaks a line.
    provider.users.push({
      login: 'rtl',
      password: 'rtl password',
      sub: 'u-rtl-0005',
      email: 'rtl@example.com',
      name: '  Rita\u2028\u202Enimda\u200B Tester\u0085 ',
      groups: [],
    });
    const { client } = await ssoSignIn(t.app, provider.issuer, user('rtl'));
    expect((await client.get('/api/session')).json<Session>().user.displayName).toBe(
      'Rita nimda Tester',
    );
  });

  it('should cut combining marks stacked over the lines around the provider’s name', async () => {
    // Drawn over the rows above and below it in the staff list; one accent twice looks like one.
    provider.users.push({
      login: 'zed',
      password: 'zed password',
      sub: 'u-zed-0006',
      email: 'zed@example.com',
      name: `Zoe\u0301\u0301 Ze${'\u0336\u0489\u0300\u0301\u0302\u0303'.repeat(8)}d`,
      groups: [],
    });
    const { client } = await ssoSignIn(t.app, provider.issuer, user('zed'));
    expect((await client.get('/api/session')).json<Session>().user.displayName).toBe(
      'Zoe\u0301 Ze\u0336\u0489\u0300\u0301d',
    );
  });

  it('should give the default role to someone no group maps', async () => {
    const { client } = await ssoSignIn(t.app, provider.issuer, user('vera'));
    expect((await client.get('/api/session')).json<Session>().user.role).toBe('viewer');
  });

  it('should apply the provider’s role change at the next sign-in and end sessions of a higher role', async () => {
    user('ada').groups = ['dash-admins'];
    const asAdmin = await ssoSignIn(t.app, provider.issuer, user('ada'));
    const before = (await asAdmin.client.get('/api/session')).json<Session>();
    expect(before.user.role).toBe('admin');

    user('ada').groups = ['dash-editors'];
    const asEditor = await ssoSignIn(t.app, provider.issuer, user('ada'));
    expect((await asEditor.client.get('/api/session')).json<Session>().user.role).toBe('editor');
    // The admin session begun before does not outlive the admin role.
    expect((await asAdmin.client.get('/api/session')).statusCode).toBe(401);
    const changes = (await auditOf('staff.sso-role-change')).filter(
      (e) => e.subject === before.user.id,
    );
    expect(changes[0]!.details).toMatchObject({ role: { from: 'admin', to: 'editor' } });
  });

  it('should keep an account disabled in the dashboard disabled', async () => {
    const first = await ssoSignIn(t.app, provider.issuer, user('vera'));
    const id = (await first.client.get('/api/session')).json<Session>().user.id;
    expect((await admin.patch(`/api/staff/${id}`, { disabled: true })).statusCode).toBe(200);

    const refused = await ssoSignIn(t.app, provider.issuer, user('vera'));
    expect(refused.response.headers.location).toBe('/sign-in?sso-error=account-disabled');
    expect(refused.client.cookie).toBeUndefined();
    expect((await refused.client.get('/api/session')).statusCode).toBe(401);
    const failures = (await auditOf('session.sso-failed')).filter((e) => e.subject === id);
    expect(failures[0]!.details).toMatchObject({ reason: 'account-disabled' });
    await admin.patch(`/api/staff/${id}`, { disabled: false });
  });

  it('should show an account of the provider as such on the Staff page', async () => {
    const staff = (await admin.get('/api/staff')).json<
      Array<{ email: string; singleSignOn: boolean }>
    >();
    expect(staff.find((s) => s.email === 'eddie@example.com')?.singleSignOn).toBe(true);
    expect(staff.find((s) => s.email === admin.session?.user.email)?.singleSignOn).toBe(false);
  });

  it('should keep the transaction cookie within the 4 KB a browser stores, whatever the return path', async () => {
    // Quotes in a query are percent-encoded on the way: 3 characters each.
    for (const returnTo of [`/tokens?q=${'x'.repeat(1990)}`, `/tokens?q=${"'".repeat(1990)}`]) {
      const start = await t.app.inject({
        method: 'GET',
        url: `/api/session/sso/start?returnTo=${encodeURIComponent(returnTo)}`,
      });
      expect(start.statusCode).toBe(303);
      const cookie = start.cookies.find((c) => c.name === 'ptd_sso')!;
      expect(cookie.name.length + cookie.value.length).toBeLessThanOrEqual(4096);
    }
  });

  it('should never write the client secret, the code or a token to a log line or the audit log', async () => {
    const { callbackUrl } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
    const code = new URL(callbackUrl).searchParams.get('code')!;
    const audit = JSON.stringify((await admin.get('/api/audit?pageSize=100')).json());
    for (const text of [t.rawLogs(), audit]) {
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(code);
      expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);
    }
  });
});

describe('an account of the provider has no local credentials', () => {
  let sso: Client;
  let id: string;
  beforeAll(async () => {
    sso = (await ssoSignIn(t.app, provider.issuer, user('eddie'))).client;
    const session = (await sso.get('/api/session')).json<Session>();
    sso.adopt(session);
    id = session.user.id;
  });

  it('should not sign in with a password', async () => {
    const response = await new Client(t.app).signIn('eddie@example.com', '');
    expect(response.statusCode).toBe(400);
    const wrong = await new Client(t.app).signIn('eddie@example.com', 'anything at all 123');
    expect(wrong.statusCode).toBe(401);
  });

  it('should refuse a password change, two-factor set-up and a set-password link', async () => {
    const change = await sso.post('/api/account/password', {
      currentPassword: 'anything',
      newPassword: 'a brand new passphrase 42',
    });
    expect(change.statusCode).toBe(409);
    expect(change.json()).toMatchObject({ code: 'single-sign-on' });
    const enrol = await sso.post('/api/account/two-factor/enrolment');
    expect(enrol.statusCode).toBe(409);
    const link = await admin.post(`/api/staff/${id}/password-reset`);
    expect(link.statusCode).toBe(409);
    expect(link.json().message).toContain('single sign-on');
  });
});

describe('signing out', () => {
  it('should end the session and then sign out at the provider, back to the sign-in page', async () => {
    const { client } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
    client.adopt((await client.get('/api/session')).json<Session>());
    expect((await client.delete('/api/session')).statusCode).toBe(204);
    expect((await client.get('/api/session')).statusCode).toBe(401);

    const out = await t.app.inject({ method: 'GET', url: '/api/session/sso/signed-out' });
    expect(out.statusCode).toBe(303);
    const logout = new URL(out.headers.location as string);
    expect(logout.origin).toBe(provider.issuer);
    expect(logout.searchParams.get('client_id')).toBe('dashboard');
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(
      dashboardClient.postLogoutRedirectUris[0],
    );
    // The provider's own page asks to confirm; it then sends the browser back to /sign-in.
    const page = await fetch(logout);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/logout/i);
  });
});
