import { ADMIN } from './accounts.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startBff, startProcess, type Running } from './processes.ts';

export const SSO_PROVIDER_NAME = 'Local IdP';

/**
 * A real OpenID provider on this machine (`pnpm oidc:demo`: oidc-provider with demo users) and
 * a dashboard configured for single sign-on against it, each its own process.
 */
export async function startSsoApp(
  /** More of the dashboard's environment (REAUTH_MINUTES, say). */
  env: Record<string, string> = {},
): Promise<{ app: Running; provider: Running }> {
  const [appPort, providerPort] = [await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${appPort}`;
  const providerUrl = `http://127.0.0.1:${providerPort}`;
  // Side by side: the dashboard asks the provider for its configuration only at the first
  // single sign-on, not at start.
  const [provider, app] = await Promise.allSettled([
    startProcess(
      'pnpm',
      ['--filter', '@ptd/bff', 'oidc:demo'],
      { OIDC_DEMO_PORT: String(providerPort), OIDC_DEMO_DASHBOARD: appUrl },
      providerPort,
      '/.well-known/openid-configuration',
    ),
    startBff(
      {
        PORT: String(appPort),
        HOST: '127.0.0.1',
        DATA_DIR: freshDataDir(),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        OIDC_ISSUER: providerUrl,
        OIDC_CLIENT_ID: 'dashboard',
        OIDC_CLIENT_SECRET: 'local-demo-client-secret',
        OIDC_PROVIDER_NAME: SSO_PROVIDER_NAME,
        OIDC_ALLOWED_EMAIL_DOMAINS: 'example.com',
        OIDC_ROLE_CLAIM: 'groups',
        OIDC_ROLE_MAP: 'dash-admins=admin,dash-editors=editor',
        OIDC_DEFAULT_ROLE: 'viewer',
        ...env,
      },
      appPort,
      '/readyz',
    ),
  ]);
  if (provider.status === 'fulfilled' && app.status === 'fulfilled') {
    return { app: app.value, provider: provider.value };
  }
  await Promise.all(
    [provider, app].map((started) => started.status === 'fulfilled' && started.value.stop()),
  );
  throw provider.status === 'rejected' ? provider.reason : (app as PromiseRejectedResult).reason;
}
