import type { Session, TwoFactorStatus } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssoSignIn } from '../../helpers/oidc-flow.ts';
import { startOidcProvider, type OidcTestProvider } from '../../helpers/oidc-provider.ts';
import { dashboardClient, ssoEnv } from '../../helpers/oidc-setup.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let provider: OidcTestProvider;

beforeAll(async () => {
  provider = await startOidcProvider({ clients: [dashboardClient] });
});
const { t } = useTestApp({
  env: () => ({ ...ssoEnv(provider.issuer), TWO_FACTOR_REQUIRED: 'everyone' }),
});
afterAll(async () => {
  await provider.close();
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
