import type { Session, TwoFactorStatus } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { ssoSignIn } from '../../helpers/oidc-flow.ts';
import { startOidcProvider, type OidcTestProvider } from '../../helpers/oidc-provider.ts';
import { dashboardClient, ssoEnv } from '../../helpers/oidc-setup.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/upstream.ts';

let emulator: TestEmulator;
let provider: OidcTestProvider;
let t: TestApp;

beforeAll(async () => {
  emulator = await startTestEmulator();
  provider = await startOidcProvider({ clients: [dashboardClient] });
  t = await createTestApp({
    upstreamUrl: emulator.url,
    env: { ...ssoEnv(provider.issuer), TWO_FACTOR_REQUIRED: 'everyone' },
  });
});
afterAll(async () => {
  await t.close();
  await provider.close();
  await emulator.close();
});

describe('TWO_FACTOR_REQUIRED and single sign-on', () => {
  it('should leave accounts of the provider to the provider’s own two-factor rules', async () => {
    const ada = provider.users.find((u) => u.login === 'ada')!;
    const { client } = await ssoSignIn(t.app, provider.issuer, ada);
    const who = await client.get('/api/session');
    expect(who.statusCode).toBe(200);
    expect(who.json<Session>().user.role).toBe('admin');
    const status = await client.get('/api/account/two-factor');
    expect(status.json<TwoFactorStatus>()).toMatchObject({ enabled: false, required: false });
    // Still signed in on the next request: the session is not ended for want of a code.
    expect((await client.get('/api/tokens')).statusCode).toBe(200);
  });
});
