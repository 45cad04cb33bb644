import type { AuditList } from '@ptd/contracts';
import { generateKeyPair, SignJWT } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../helpers/app.ts';
import { Client, staffClient } from '../../helpers/client.ts';
import { callBack, signInAtProvider, ssoSignIn } from '../../helpers/oidc-flow.ts';
import { startOidcProvider, type OidcTestProvider } from '../../helpers/oidc-provider.ts';
import { dashboardClient, ssoEnv } from '../../helpers/oidc-setup.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let provider: OidcTestProvider;

const user = (login: string) => provider.users.find((u) => u.login === login)!;
const lastFailure = async () =>
  (await admin.get('/api/audit?action=session.sso-failed')).json<AuditList>().items[0];

/** Refused: back on the sign-in page with the reason, and no session cookie set. */
function expectRefused(
  response: {
    statusCode: number;
    headers: Record<string, unknown>;
    cookies: Array<{ name: string; value: string }>;
  },
  code: string,
) {
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe(`/sign-in?sso-error=${code}`);
  expect(response.cookies.filter((c) => c.name.endsWith('ptd_session') && c.value !== '')).toEqual(
    [],
  );
}

beforeAll(async () => {
  provider = await startOidcProvider({ clients: [dashboardClient] });
});
const {
  t,
  emulator,
  clients: { admin },
} = useTestApp({ env: () => ssoEnv(provider.issuer), clients: { admin: 'admin' } });
afterAll(async () => {
  await provider.close();
});

describe('single sign-on refusals', () => {
  it('should refuse an answer whose state is not this browser’s', async () => {
    const attempt = await signInAtProvider(t.app, provider.issuer, user('eddie'));
    const forged = new URL(attempt.callbackUrl);
    forged.searchParams.set('state', 'someone-elses-state');
    attempt.callbackUrl = forged.href;
    expectRefused(await callBack(attempt), 'wrong-state');
    expect(await lastFailure()).toMatchObject({ details: { reason: 'wrong-state' } });
  });

  it('should leave the sign-in under way to its own answer: another tab’s or site’s does not end it', async () => {
    const olderTab = await signInAtProvider(t.app, provider.issuer, user('eddie'));
    const newerTab = await signInAtProvider(t.app, provider.issuer, user('eddie'), olderTab.client);
    // The browser holds the newer tab's transaction cookie; the older tab's answer comes first,
    // then a navigation another site started.
    const older = await callBack(olderTab, newerTab.transactionCookie);
    expectRefused(older, 'wrong-state');
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/session/sso/callback?code=forged&state=forged',
      headers: { cookie: newerTab.transactionCookie! },
    });
    expectRefused(forged, 'wrong-state');
    for (const response of [older, forged]) {
      expect(response.cookies.filter((c) => c.name === 'ptd_sso')).toEqual([]);
    }
    expect((await callBack(newerTab)).headers.location).toBe('/tokens');
  });

  it('should refuse a callback without the transaction cookie (another browser)', async () => {
    const attempt = await signInAtProvider(t.app, provider.issuer, user('eddie'));
    expectRefused(await callBack(attempt, ''), 'no-transaction');
  });

  it('should keep the provider’s refusal in the audit as at most 200 plain characters, however long its words', async () => {
    const attempt = await signInAtProvider(t.app, provider.issuer, user('eddie'));
    const answered = new URL(attempt.callbackUrl);
    const refused = new URL(answered.origin + answered.pathname);
    const long = `access_denied\u202e${'x'.repeat(100_000)}`;
    refused.searchParams.set('error', long);
    refused.searchParams.set('error_description', long);
    refused.searchParams.set('state', answered.searchParams.get('state')!);
    refused.searchParams.set('iss', answered.searchParams.get('iss') ?? provider.issuer);
    expectRefused(await callBack({ ...attempt, callbackUrl: refused.href }), 'provider-refused');
    const failure = await lastFailure();
    expect(failure).toMatchObject({ details: { reason: 'provider-refused' } });
    const cause = String((failure!.details as { cause?: unknown }).cause);
    expect(cause).toBe(`access_denied ${'x'.repeat(186)}`);
    expect(JSON.stringify(failure).length).toBeLessThan(2_000);
  });

  it('should refuse a replayed authorization code', async () => {
    const attempt = await signInAtProvider(t.app, provider.issuer, user('eddie'));
    expect((await callBack(attempt)).headers.location).toBe('/tokens');
    const replay = await callBack({ ...attempt, client: new Client(t.app) });
    expectRefused(replay, 'code-rejected');
    expect(await lastFailure()).toMatchObject({
      details: { reason: 'code-rejected', cause: 'invalid_grant' },
    });
  });

  it('should accept an ID token signed again unchanged (the faults below change one claim)', async () => {
    provider.tamperIdTokens((claims) => claims);
    try {
      const { response } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
      expect(response.headers.location).toBe('/tokens');
    } finally {
      provider.tamperIdTokens(null);
    }
  });

  it('should refuse an ID token for another audience', async () => {
    provider.tamperIdTokens((claims) => ({ ...claims, aud: 'another-client' }));
    try {
      const { response } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
      expectRefused(response, 'id-token-invalid');
    } finally {
      provider.tamperIdTokens(null);
    }
    expect(await lastFailure()).toMatchObject({
      details: { reason: 'id-token-invalid', cause: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' },
    });
  });

  it('should refuse an expired ID token', async () => {
    const now = Math.floor(Date.now() / 1000);
    provider.tamperIdTokens((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }));
    try {
      const { response } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
      expectRefused(response, 'id-token-invalid');
    } finally {
      provider.tamperIdTokens(null);
    }
    expect(await lastFailure()).toMatchObject({
      details: { reason: 'id-token-invalid', cause: 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' },
    });
  });

  it('should refuse an ID token issued later than now, beyond the clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    provider.tamperIdTokens((claims) => ({ ...claims, iat: now + 3600, exp: now + 7200 }));
    try {
      const { response } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
      expectRefused(response, 'id-token-invalid');
    } finally {
      provider.tamperIdTokens(null);
    }
    expect(await lastFailure()).toMatchObject({
      details: { reason: 'id-token-invalid', cause: 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' },
    });
    // Within the tolerance for clocks apart (as for nbf and exp), it is accepted.
    provider.tamperIdTokens((claims) => ({ ...claims, iat: Math.floor(Date.now() / 1000) + 20 }));
    try {
      const { response } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
      expect(response.headers.location).toBe('/tokens');
    } finally {
      provider.tamperIdTokens(null);
    }
  });

  it('should refuse an answer that names another issuer (a mix-up) with its own reason', async () => {
    const attempt = await signInAtProvider(t.app, provider.issuer, user('eddie'));
    const mixedUp = new URL(attempt.callbackUrl);
    expect(mixedUp.searchParams.get('iss')).toBe(provider.issuer);
    mixedUp.searchParams.set('iss', 'https://other-idp.example');
    attempt.callbackUrl = mixedUp.href;
    expectRefused(await callBack(attempt), 'wrong-issuer');
    expect(await lastFailure()).toMatchObject({
      details: { reason: 'wrong-issuer', cause: 'OAUTH_INVALID_RESPONSE' },
    });
  });

  it('should refuse an ID token not signed by one of the provider’s keys', async () => {
    // Another key under the provider's key id: only the signature tells them apart.
    const { privateKey: another } = await generateKeyPair('RS256');
    provider.tamperIdTokens(
      (claims) => claims,
      (claims) =>
        new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(another),
    );
    try {
      const { response } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
      expectRefused(response, 'id-token-invalid');
    } finally {
      provider.tamperIdTokens(null);
    }
    expect(await lastFailure()).toMatchObject({
      details: { reason: 'id-token-invalid', cause: 'OAUTH_INVALID_RESPONSE' },
    });
  });

  it('should refuse an address the provider says is not verified, as a boolean or as text', async () => {
    for (const flag of [false, 'false']) {
      provider.tamperIdTokens((claims) => ({ ...claims, email_verified: flag }));
      try {
        const { response } = await ssoSignIn(t.app, provider.issuer, user('ada'));
        expectRefused(response, 'email-not-verified');
      } finally {
        provider.tamperIdTokens(null);
      }
    }
    expect(await t.app.repos.staff.byEmail('ada@example.com')).toBeUndefined();
    expect(await lastFailure()).toMatchObject({ details: { reason: 'email-not-verified' } });
  });

  it('should refuse an email domain that is not allowed and create no account', async () => {
    const { response } = await ssoSignIn(t.app, provider.issuer, user('olga'));
    expectRefused(response, 'email-domain');
    expect(await t.app.repos.staff.byEmail('olga@elsewhere.test')).toBeUndefined();
    expect(await lastFailure()).toMatchObject({
      subject: 'olga@elsewhere.test',
      details: { reason: 'email-domain', email: 'olga@elsewhere.test' },
    });
  });

  it('should refuse an email that a local account already has', async () => {
    await staffClient(t.app, 'viewer', 'vera@example.com');
    const { response } = await ssoSignIn(t.app, provider.issuer, user('vera'));
    expectRefused(response, 'email-taken');
  });
});

describe('when the provider is down', () => {
  it('should say so at the start when it cannot be reached', async () => {
    const down = await startOidcProvider({ clients: [dashboardClient] });
    const issuer = down.issuer;
    await down.close();
    const app = await createTestApp({ upstreamUrl: emulator.url, env: ssoEnv(issuer) });
    try {
      const start = await app.app.inject({ method: 'GET', url: '/api/session/sso/start' });
      expect(start.statusCode).toBe(303);
      expect(start.headers.location).toBe('/sign-in?sso-error=provider-unavailable');
      expect(start.cookies).toEqual([]);
      const boss = await staffClient(app.app, 'admin');
      const audit = (await boss.get('/api/audit?action=session.sso-failed')).json<AuditList>();
      expect(audit.items[0]?.details).toMatchObject({ reason: 'provider-unavailable' });
    } finally {
      await app.close();
    }
  });

  it('should read no more than 256 KB of a provider’s answer', async () => {
    const huge = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer: hugeIssuer,
          authorization_endpoint: `${hugeIssuer}/auth`,
          token_endpoint: `${hugeIssuer}/token`,
          jwks_uri: `${hugeIssuer}/jwks`,
          padding: 'x'.repeat(1024 * 1024),
        }),
      );
    });
    await new Promise<void>((resolve) => huge.listen(0, '127.0.0.1', resolve));
    const hugeIssuer = `http://127.0.0.1:${(huge.address() as AddressInfo).port}`;
    const app = await createTestApp({ upstreamUrl: emulator.url, env: ssoEnv(hugeIssuer) });
    try {
      const start = await app.app.inject({ method: 'GET', url: '/api/session/sso/start' });
      expect(start.headers.location).toBe('/sign-in?sso-error=provider-unavailable');
      expect(app.rawLogs()).toContain('larger than 256 KB');
    } finally {
      await app.close();
      await new Promise((resolve) => huge.close(resolve));
    }
  });

  it('should say so when it goes down before the code is redeemed', async () => {
    const flaky = await startOidcProvider({ clients: [dashboardClient] });
    const app = await createTestApp({ upstreamUrl: emulator.url, env: ssoEnv(flaky.issuer) });
    try {
      const attempt = await signInAtProvider(app.app, flaky.issuer, flaky.users[0]!);
      await flaky.close();
      expectRefused(await callBack(attempt), 'provider-unavailable');
      const boss = await staffClient(app.app, 'admin');
      const audit = (await boss.get('/api/audit?action=session.sso-failed')).json<AuditList>();
      expect(audit.items[0]?.details).toMatchObject({ reason: 'provider-unavailable' });
    } finally {
      await app.close();
    }
  });
});

describe('without a role claim', () => {
  it('should give new accounts the default role and leave later role changes to admins', async () => {
    const env: Record<string, string> = { ...ssoEnv(provider.issuer) };
    delete env.OIDC_ROLE_CLAIM;
    delete env.OIDC_ROLE_MAP;
    const app = await createTestApp({ upstreamUrl: emulator.url, env });
    try {
      const first = await ssoSignIn(app.app, provider.issuer, user('ada'));
      const id = (await first.client.get('/api/session')).json<{
        user: { id: string; role: string };
      }>().user;
      expect(id.role).toBe('viewer');
      const boss = await staffClient(app.app, 'admin');
      expect((await boss.patch(`/api/staff/${id.id}`, { role: 'editor' })).statusCode).toBe(200);

      const again = await ssoSignIn(app.app, provider.issuer, user('ada'));
      const who = (await again.client.get('/api/session')).json<{ user: { role: string } }>();
      expect(who.user.role).toBe('editor');
    } finally {
      await app.close();
    }
  });
});

describe('password sign-in turned off', () => {
  it('should refuse email and password and say so on the sign-in page', async () => {
    const app = await createTestApp({
      upstreamUrl: emulator.url,
      env: { ...ssoEnv(provider.issuer), PASSWORD_SIGN_IN: 'false' },
    });
    try {
      const options = await app.app.inject({ method: 'GET', url: '/api/session/options' });
      expect(options.json()).toEqual({ password: false, sso: { name: 'Local IdP' } });
      const response = await new Client(app.app).signIn('admin@example.com', 'admin password 123');
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'password-sign-in-disabled' });
    } finally {
      await app.close();
    }
  });
});

describe('every answer to the browser’s navigation', () => {
  it('should land on the sign-in page with the reason when rate-limited or malformed, never on JSON', async () => {
    const app = await createTestApp({
      upstreamUrl: emulator.url,
      env: { ...ssoEnv(provider.issuer), SIGN_IN_RATE_PER_MINUTE: '2' },
    });
    const get = (url: string) => app.app.inject({ method: 'GET', url });
    try {
      const tooLong = await get(`/api/session/sso/start?returnTo=/${'a'.repeat(2000)}`);
      expect(tooLong.statusCode).toBe(303);
      expect(tooLong.headers.location).toBe('/sign-in?sso-error=invalid-request');
      await get('/api/session/sso/start');
      const limited = await get('/api/session/sso/start');
      expect(limited.statusCode).toBe(303);
      expect(limited.headers.location).toBe('/sign-in?sso-error=rate-limited');

      const twice = await get('/api/session/sso/callback?state=a&state=b&code=c');
      expect(twice.headers.location).toBe('/sign-in?sso-error=invalid-request');
      await get('/api/session/sso/callback?state=a&code=c');
      const limitedBack = await get('/api/session/sso/callback?state=a&code=c');
      expect(limitedBack.statusCode).toBe(303);
      expect(limitedBack.headers.location).toBe('/sign-in?sso-error=rate-limited');
    } finally {
      await app.close();
    }
  });

  it('should land on the sign-in page from the provider sign-out, rate-limited too, asking the provider no more than the limit', async () => {
    let asked = 0;
    const failing = createServer((_req, res) => {
      asked += 1;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    const app = await createTestApp({
      upstreamUrl: emulator.url,
      env: { ...ssoEnv(issuer), SIGN_IN_RATE_PER_MINUTE: '2' },
    });
    try {
      for (let i = 0; i < 6; i += 1) {
        const out = await app.app.inject({ method: 'GET', url: '/api/session/sso/signed-out' });
        expect(out.statusCode).toBe(303);
        expect(out.headers.location).toBe('/sign-in');
      }
      expect(asked).toBe(2);
    } finally {
      await app.close();
      await new Promise((resolve) => failing.close(resolve));
    }
  });

  it('should land on the sign-in page when this server fails during the sign-in', async () => {
    const staff = t.app.repos.staff;
    const bySsoIdentity = staff.bySsoIdentity.bind(staff);
    staff.bySsoIdentity = () => Promise.reject(new Error('the database went away'));
    try {
      const { response } = await ssoSignIn(t.app, provider.issuer, user('eddie'));
      expectRefused(response, 'server-error');
    } finally {
      staff.bySsoIdentity = bySsoIdentity;
    }
  });
});
