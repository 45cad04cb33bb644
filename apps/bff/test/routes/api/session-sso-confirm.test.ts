import type { Session } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBack, confirmAtProvider, ssoSignIn } from '../../helpers/oidc-flow.ts';
import { startOidcProvider, type OidcTestProvider } from '../../helpers/oidc-provider.ts';
import { dashboardClient, ssoEnv } from '../../helpers/oidc-setup.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let provider: OidcTestProvider;
const WINDOW_MS = 10 * 60_000;
const user = (login: string) => provider.users.find((u) => u.login === login)!;
let counter = 0;
const newStaff = () => {
  counter += 1;
  return {
    email: `sso-confirm-${counter}@example.com`,
    displayName: `Confirm ${counter}`,
    role: 'editor',
    password: 'a long enough password',
  };
};
const lastAudit = async (action: 'session.reauthenticate' | 'session.reauthenticate-failed') =>
  (await t.app.repos.audit.list({ page: 1, pageSize: 1, action })).items[0];

beforeAll(async () => {
  provider = await startOidcProvider({ clients: [dashboardClient] });
});
const { t } = useTestApp({ env: () => ssoEnv(provider.issuer) });
afterAll(async () => {
  await provider.close();
});

/** Ada (an admin of the provider) signed in with single sign-on, REAUTH_MINUTES ago. */
async function staleAda() {
  const attempt = await ssoSignIn(t.app, provider.issuer, user('ada'));
  expect(attempt.response.statusCode).toBe(303);
  attempt.client.adopt((await attempt.client.get('/api/session')).json<Session>());
  t.clock.advance(WINDOW_MS);
  const refused = await attempt.client.post('/api/staff', newStaff());
  expect(refused.statusCode).toBe(403);
  expect(refused.json()).toMatchObject({
    code: 'reauthentication-required',
    reauthentication: { action: 'add staff', method: 'single-sign-on' },
  });
  expect(refused.json().message).toMatch(/sign in at your single sign-on provider again/);
  return attempt;
}

describe('confirming it is you with single sign-on', () => {
  it('goes to the provider for a fresh sign-in and back to the page, then the action is allowed', async () => {
    const attempt = await staleAda();
    // No password here to confirm with.
    const withPassword = await attempt.client.post('/api/session/confirm', {
      password: 'anything at all',
    });
    expect(withPassword.statusCode).toBe(409);
    expect(withPassword.json()).toMatchObject({ code: 'confirm-with-provider' });

    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'));
    expect(confirm.authorizeUrl.searchParams.get('prompt')).toBe('login');
    expect(confirm.authorizeUrl.searchParams.get('max_age')).toBe('0');
    // The provider remembered Ada, and asked for her password all the same.
    expect(confirm.askedAgain).toBe(true);
    const back = await callBack(confirm);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/staff');

    const allowed = await attempt.client.post('/api/staff', newStaff());
    expect(allowed.statusCode, allowed.body).toBe(201);
    expect(await lastAudit('session.reauthenticate')).toMatchObject({
      actor: { email: 'ada@example.com' },
      details: { method: 'sso', provider: 'Local IdP' },
    });
  });

  it('refuses an ID token whose sign-in is not fresh (auth_time), and the action stays refused', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'));
    provider.tamperIdTokens((claims) => ({
      ...claims,
      auth_time: Math.floor(Date.now() / 1000) - 3600,
    }));
    try {
      const back = await callBack(confirm);
      expect(back.statusCode).toBe(303);
      expect(back.headers.location).toBe('/staff');
    } finally {
      provider.tamperIdTokens(null);
    }
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { method: 'sso', reason: 'id-token-invalid' },
    });
  });

  it('refuses a confirmation that names another account of the provider', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'));
    provider.tamperIdTokens((claims) => ({ ...claims, sub: user('eddie').sub }));
    try {
      expect((await callBack(confirm)).headers.location).toBe('/staff');
    } finally {
      provider.tamperIdTokens(null);
    }
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { method: 'sso', reason: 'another-account' },
    });
  });
});
