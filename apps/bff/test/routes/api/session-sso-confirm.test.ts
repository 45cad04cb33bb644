import type { Session } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.ts';
import { Client } from '../../helpers/client.ts';
import {
  CALLBACK_URL,
  callBack,
  confirmAtProvider,
  ssoSignIn,
  type SsoAttempt,
} from '../../helpers/oidc-flow.ts';
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
const { t, emulator } = useTestApp({ env: () => ssoEnv(provider.issuer) });
afterAll(async () => {
  await provider.close();
});

/** Ada (an admin of the provider) signed in with single sign-on, REAUTH_MINUTES ago. */
async function staleAda(on = { app: t.app, clock: t.clock, issuer: provider.issuer }) {
  const attempt = await ssoSignIn(on.app, on.issuer, user('ada'));
  expect(attempt.response.statusCode).toBe(303);
  attempt.client.adopt((await attempt.client.get('/api/session')).json<Session>());
  on.clock.advance(WINDOW_MS);
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
    // Back on the page, which says it worked.
    expect(back.headers.location).toBe('/staff?sso-confirm=confirmed');

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
      expect(back.headers.location).toBe('/staff?sso-confirm=not-verified');
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
      expect((await callBack(confirm)).headers.location).toBe('/staff?sso-confirm=another-account');
    } finally {
      provider.tamperIdTokens(null);
    }
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { method: 'sso', reason: 'another-account' },
    });
  });
});

describe('signing in again with single sign-on', () => {
  /** "Sign in with …" again in Ada's browser, which the provider still remembers her in. */
  async function signInAgain(attempt: SsoAttempt, authTime: number) {
    const start = await attempt.client.get('/api/session/sso/start?returnTo=/staff');
    expect(start.statusCode).toBe(303);
    const transaction = start.cookies.find((c) => c.name === 'ptd_sso');
    const atProvider = await attempt.browser.follow(
      start.headers.location as string,
      provider.issuer,
    );
    // Remembered: straight back, without her password.
    expect(atProvider.location.startsWith(CALLBACK_URL)).toBe(true);
    provider.tamperIdTokens((claims) => ({ ...claims, auth_time: Math.floor(authTime / 1000) }));
    try {
      const back = await callBack({
        ...attempt,
        callbackUrl: atProvider.location,
        transactionCookie: `ptd_sso=${encodeURIComponent(transaction!.value)}`,
      });
      expect(back.statusCode).toBe(303);
      expect(back.headers.location).toBe('/staff');
    } finally {
      provider.tamperIdTokens(null);
    }
    attempt.client.adopt((await attempt.client.get('/api/session')).json<Session>());
  }

  it('counts the provider’s sign-in (auth_time) as the proof, not the return to the dashboard', async () => {
    const attempt = await staleAda();
    // The provider's sign-in is as old as the first: the person proved nothing since.
    await signInAgain(attempt, t.clock.now() - WINDOW_MS);
    const refused = await attempt.client.post('/api/staff', newStaff());
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'reauthentication-required' });
    // A sign-in the provider has just asked for is one.
    await signInAgain(attempt, t.clock.now());
    const allowed = await attempt.client.post('/api/staff', newStaff());
    expect(allowed.statusCode, allowed.body).toBe(201);
  });

  it('asks the provider at sign-in for when it signed the person in (max_age: the session’s lifetime)', async () => {
    const start = await new Client(t.app).get('/api/session/sso/start?returnTo=/staff');
    expect(start.statusCode).toBe(303);
    const authorize = new URL(start.headers.location as string);
    // SESSION_ABSOLUTE_HOURS (12 by default): an older sign-in there is asked again anyway.
    expect(authorize.searchParams.get('max_age')).toBe(String(12 * 3600));
    expect(authorize.searchParams.get('prompt')).toBeNull();
  });

  it('counts a sign-in whose ID token says nothing of when (no auth_time) as no proof', async () => {
    provider.tamperIdTokens(({ auth_time: _authTime, ...claims }) => claims);
    let attempt: Awaited<ReturnType<typeof ssoSignIn>>;
    try {
      attempt = await ssoSignIn(t.app, provider.issuer, user('ada'));
    } finally {
      provider.tamperIdTokens(null);
    }
    // Signed in all the same.
    expect(attempt.response.statusCode).toBe(303);
    expect(attempt.response.headers.location).toBe('/tokens');
    attempt.client.adopt((await attempt.client.get('/api/session')).json<Session>());
    // The first sensitive action asks to confirm, at once.
    const refused = await attempt.client.post('/api/staff', newStaff());
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'reauthentication-required' });
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'));
    expect((await callBack(confirm)).headers.location).toBe('/staff?sso-confirm=confirmed');
    const allowed = await attempt.client.post('/api/staff', newStaff());
    expect(allowed.statusCode, allowed.body).toBe(201);
  });
});

/** Where a confirmation in a popup ends: the page that tells its opener `outcome`. */
const popupEnd = (outcome: string, returnTo = '/staff') =>
  `/api/session/sso/confirmed?outcome=${outcome}&returnTo=${encodeURIComponent(returnTo)}`;

describe('confirming it is you after the provider changed the account', () => {
  it('applies a role the provider lowered meanwhile: no confirmation, the session ends', async () => {
    const attempt = await staleAda();
    const groups = user('ada').groups;
    user('ada').groups = ['dash-editors'];
    try {
      const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'));
      expect((await callBack(confirm)).headers.location).toBe('/staff?sso-confirm=session-ended');
    } finally {
      user('ada').groups = groups;
    }
    // As a sign-in would have: the admin session does not outlive the admin role.
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(401);
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { method: 'sso', reason: 'session-ended' },
    });
  });

  it('refuses an address the provider no longer says is verified, as a sign-in would', async () => {
    const attempt = await staleAda();
    user('ada').emailVerified = false;
    try {
      const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'));
      expect((await callBack(confirm)).headers.location).toBe('/staff?sso-confirm=not-verified');
    } finally {
      delete user('ada').emailVerified;
    }
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { method: 'sso', reason: 'email-not-verified' },
    });
  });
});

describe('confirming it is you in a popup window', () => {
  it('ends on a page that tells the opener it is confirmed, for this origin only, and closes', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'), '/staff', true);
    const back = await callBack(confirm);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(popupEnd('confirmed'));
    // The window keeps its opener on its way back.
    expect(back.headers['cross-origin-opener-policy']).toBe('unsafe-none');

    const page = await attempt.client.get(back.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'sha256-[^']+'/);
    expect(page.body).toContain('data-outcome="confirmed"');
    expect(page.body).toContain('postMessage(');
    expect(page.body).toContain('window.location.origin');
    // Without an opener, the page the confirmation was for, saying how it went.
    expect(page.body).toContain('href="/staff?sso-confirm=confirmed"');
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(201);
    // The dashboard's own pages let a window they open keep them as its opener.
    expect((await attempt.client.get('/api/session')).headers['cross-origin-opener-policy']).toBe(
      'same-origin-allow-popups',
    );
  });

  it('says another account signed in at the provider, and the action stays refused', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'), '/staff', true);
    provider.tamperIdTokens((claims) => ({ ...claims, sub: user('eddie').sub }));
    try {
      expect((await callBack(confirm)).headers.location).toBe(popupEnd('another-account'));
    } finally {
      provider.tamperIdTokens(null);
    }
    const page = await attempt.client.get(popupEnd('another-account'));
    expect(page.body).toContain('data-outcome="another-account"');
    expect(page.body).toContain('href="/staff?sso-confirm=another-account"');
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
  });

  it('says the provider refused when the person cancels there', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'), '/staff', true);
    const answered = new URL(confirm.callbackUrl);
    const refused = new URL(answered.origin + answered.pathname);
    // However long the provider's words, the audit keeps 200 plain characters of them.
    refused.searchParams.set('error', `access_denied\n${'x'.repeat(100_000)}`);
    refused.searchParams.set('error_description', 'y'.repeat(100_000));
    refused.searchParams.set('state', answered.searchParams.get('state')!);
    refused.searchParams.set('iss', answered.searchParams.get('iss') ?? provider.issuer);
    const back = await callBack({ ...confirm, callbackUrl: refused.href });
    expect(back.headers.location).toBe(popupEnd('provider-refused'));
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: {
        method: 'sso',
        reason: 'provider-refused',
        cause: `access_denied ${'x'.repeat(186)}`,
      },
    });
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
  });

  it('says the session ended when it was signed out meanwhile', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'), '/staff', true);
    expect((await attempt.client.request('DELETE', '/api/session')).statusCode).toBe(204);
    expect((await callBack(confirm)).headers.location).toBe(popupEnd('session-ended'));
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { method: 'sso', reason: 'session-ended' },
    });
  });

  it('says the provider could not be reached, audited as before', async () => {
    const flaky = await startOidcProvider({ clients: [dashboardClient] });
    const other = await createTestApp({ upstreamUrl: emulator.url, env: ssoEnv(flaky.issuer) });
    try {
      const attempt = await staleAda({ app: other.app, clock: other.clock, issuer: flaky.issuer });
      const confirm = await confirmAtProvider(attempt, flaky.issuer, user('ada'), '/staff', true);
      await flaky.close();
      expect((await callBack(confirm)).headers.location).toBe(popupEnd('provider-unavailable'));
      const audit = await other.app.repos.audit.list({
        page: 1,
        pageSize: 1,
        action: 'session.reauthenticate-failed',
      });
      expect(audit.items[0]).toMatchObject({
        details: { method: 'sso', reason: 'provider-unavailable' },
      });
    } finally {
      await other.close();
      await flaky.close().catch(() => {});
    }
  });

  it('cannot be told it is confirmed: the outcome page proves nothing', async () => {
    const attempt = await staleAda();
    const page = await attempt.client.get(popupEnd('confirmed'));
    expect(page.statusCode).toBe(200);
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
    // Nor does it send anyone elsewhere, or show what it does not know.
    const elsewhere = await attempt.client.get(popupEnd('<script>', '//evil.example/x'));
    expect(elsewhere.body).toContain('data-outcome="not-verified"');
    expect(elsewhere.body).toContain('href="/?sso-confirm=not-verified"');
    expect(elsewhere.body).not.toContain('evil.example');
  });

  it('keeps the return path to this dashboard', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(
      attempt,
      provider.issuer,
      user('ada'),
      'https://evil.example/staff',
      true,
    );
    expect((await callBack(confirm)).headers.location).toBe(popupEnd('confirmed', '/'));
  });

  it('ends on that page, saying it expired, when the answer finds no transaction or another one', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'), '/staff', true);
    expect(confirm.popupCookie).toBeDefined();
    // The transaction cookie is gone (ten minutes passed, or the browser dropped it).
    const none = await callBack(confirm, '');
    expect(none.statusCode).toBe(303);
    expect(none.headers.location).toBe(popupEnd('expired'));
    expect(none.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    // Another confirmation began meanwhile: this answer's state is not its transaction's.
    const again = await confirmAtProvider(attempt, provider.issuer, user('ada'), '/tokens', true);
    const other = await callBack(
      { ...confirm, popupCookie: again.popupCookie },
      again.transactionCookie,
    );
    expect(other.headers.location).toBe(popupEnd('expired', '/tokens'));
    // Nothing was proved: the action stays refused.
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
  });

  it('ends on that page when the request itself is refused, not on the sign-in page inside the popup', async () => {
    const attempt = await staleAda();
    const confirm = await confirmAtProvider(attempt, provider.issuer, user('ada'), '/staff', true);
    // A malformed answer: the route's error handler answers it.
    const malformed = await callBack({ ...confirm, callbackUrl: `${confirm.callbackUrl}&state=x` });
    expect(malformed.statusCode).toBe(303);
    expect(malformed.headers.location).toBe(popupEnd('not-verified'));
    // The same for the popup's first request.
    const start = await attempt.client.get(
      `/api/session/sso/confirm?popup=1&returnTo=/staff&returnTo=/tokens`,
    );
    expect(start.headers.location).toBe(popupEnd('not-verified', '/'));
    expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
    // A sign-in begun afterwards is no popup: its failures land on the sign-in page again.
    const signIn = await t.app.inject({
      method: 'GET',
      url: '/api/session/sso/start?returnTo=/tokens',
      headers: { cookie: confirm.popupCookie! },
    });
    expect(signIn.cookies.find((c) => c.name === 'ptd_sso_popup')?.value).toBe('');
    const plain = await callBack({ ...confirm, popupCookie: undefined }, '');
    expect(plain.headers.location).toBe('/sign-in?sso-error=no-transaction');
  });

  it('ends on that page saying so when the rate limit answers the provider’s redirect back', async () => {
    const limited = await createTestApp({
      upstreamUrl: emulator.url,
      env: { ...ssoEnv(provider.issuer), SIGN_IN_RATE_PER_MINUTE: '2' },
    });
    try {
      const attempt = await staleAda({
        app: limited.app,
        clock: limited.clock,
        issuer: provider.issuer,
      });
      const confirm = await confirmAtProvider(
        attempt,
        provider.issuer,
        user('ada'),
        '/staff',
        true,
      );
      // The sign-in's redirect back and this one: the limit of two a minute is reached.
      expect((await callBack(confirm, '')).headers.location).toBe(popupEnd('expired'));
      const refused = await callBack(confirm);
      expect(refused.statusCode).toBe(303);
      expect(refused.headers.location).toBe(popupEnd('rate-limited'));
      expect((await attempt.client.post('/api/staff', newStaff())).statusCode).toBe(403);
    } finally {
      await limited.close();
    }
  });

  it('names the provider in the refusal, for the dialog to say where to sign in', async () => {
    const attempt = await staleAda();
    const refused = await attempt.client.post('/api/staff', newStaff());
    expect(refused.json()).toMatchObject({
      reauthentication: { method: 'single-sign-on', provider: 'Local IdP' },
    });
  });
});
