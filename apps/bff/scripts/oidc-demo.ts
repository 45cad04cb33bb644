/**
 * A local OpenID provider for trying single sign-on (`pnpm oidc:demo`): oidc-provider on
 * 127.0.0.1 with the demo users of test/helpers/oidc-provider.ts, the dashboard registered
 * as a client. For a demo or a browser test only: the users' passwords are printed below.
 *
 *   OIDC_DEMO_PORT      where the provider listens (default 4400)
 *   OIDC_DEMO_DASHBOARD the dashboard's origin, for its redirect URIs (default http://127.0.0.1:3000)
 */
import { DEMO_USERS, startOidcProvider } from '../test/helpers/oidc-provider.ts';

const port = Number(process.env.OIDC_DEMO_PORT ?? 4400);
const dashboard = (process.env.OIDC_DEMO_DASHBOARD ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const origins = new Set([dashboard, dashboard.replace('://127.0.0.1', '://localhost')]);
const CLIENT_SECRET = 'local-demo-client-secret';

const provider = await startOidcProvider({
  port,
  clients: [
    {
      clientId: 'dashboard',
      clientSecret: CLIENT_SECRET,
      redirectUris: [...origins].map((o) => `${o}/api/session/sso/callback`),
      postLogoutRedirectUris: [...origins].map((o) => `${o}/sign-in`),
    },
  ],
});

console.info(`Local OpenID provider (oidc-provider) at ${provider.issuer}
Start the dashboard with:

  OIDC_ISSUER=${provider.issuer} OIDC_CLIENT_ID=dashboard OIDC_CLIENT_SECRET=${CLIENT_SECRET} \\
  OIDC_PROVIDER_NAME='Local IdP' OIDC_ROLE_CLAIM=groups \\
  OIDC_ROLE_MAP=dash-admins=admin,dash-editors=editor OIDC_DEFAULT_ROLE=viewer \\
  OIDC_ALLOWED_EMAIL_DOMAINS=example.com pnpm start

Users (login / password → role):
${DEMO_USERS.map((u) => `  ${u.login} / ${u.password} → ${u.email}, groups: ${u.groups.join(', ') || 'none'}`).join('\n')}
Ctrl-C stops it.`);

const stop = () => void provider.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
