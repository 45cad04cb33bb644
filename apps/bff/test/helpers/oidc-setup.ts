import { CALLBACK_URL, DASHBOARD_ORIGIN } from './oidc-flow.ts';

export const CLIENT_SECRET = 'dashboard client secret for tests 0123456789';

/** The dashboard as registered at the test provider. */
export const dashboardClient = {
  clientId: 'dashboard',
  clientSecret: CLIENT_SECRET,
  redirectUris: [CALLBACK_URL],
  postLogoutRedirectUris: [`${DASHBOARD_ORIGIN}/sign-in`],
};

/** The BFF's single sign-on settings for the test provider at `issuer`. */
export function ssoEnv(issuer: string): Record<string, string> {
  return {
    PUBLIC_ORIGIN: DASHBOARD_ORIGIN,
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: 'dashboard',
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_PROVIDER_NAME: 'Local IdP',
    OIDC_ALLOWED_EMAIL_DOMAINS: 'example.com',
    OIDC_ROLE_CLAIM: 'groups',
    OIDC_ROLE_MAP: 'dash-admins=admin,dash-editors=editor',
    OIDC_DEFAULT_ROLE: 'viewer',
  };
}
