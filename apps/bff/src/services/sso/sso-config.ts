import { ROLES, type Role } from '@ptd/contracts';
import { z } from 'zod';
import { blankToUndefined, optionalText } from '../../lib/env-types.ts';
import { Secret } from '../../lib/secret.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The environment variables of single sign-on (each is documented in .env.example). */
export const ssoEnvShape = {
  // Not trimmed of a trailing slash: the issuer must match the provider's own exactly.
  OIDC_ISSUER: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  /** Shown on the button: "Sign in with <name>". */
  OIDC_PROVIDER_NAME: optionalText,
  OIDC_SCOPES: optionalText,
  OIDC_ALLOWED_EMAIL_DOMAINS: optionalText,
  OIDC_ROLE_CLAIM: optionalText,
  OIDC_ROLE_MAP: optionalText,
  OIDC_DEFAULT_ROLE: z.preprocess(
    blankToUndefined,
    z
      .enum([...ROLES, 'none'], { error: `must be one of ${[...ROLES, 'none'].join(', ')}` })
      .default('none'),
  ),
  PASSWORD_SIGN_IN: z.preprocess(
    blankToUndefined,
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('true')
      .transform((v) => v === 'true'),
  ),
};

type SsoEnv = z.output<z.ZodObject<typeof ssoEnvShape>>;

export interface SsoConfig {
  issuer: URL;
  clientId: string;
  clientSecret: Secret;
  providerName: string;
  scopes: string;
  /** Lower-case domains; empty means any. */
  allowedEmailDomains: string[];
  roleClaim: string | undefined;
  /** Claim value → role, in the order written (the highest role found wins). */
  roleMap: ReadonlyArray<readonly [string, Role]>;
  /** Role of someone no mapping covers; null refuses them. */
  defaultRole: Role | null;
}

/** Problems are returned as lines naming the variable; none means valid. */
export function ssoFrom(env: SsoEnv): { sso: SsoConfig | undefined; problems: string[] } {
  const required = {
    OIDC_ISSUER: env.OIDC_ISSUER,
    OIDC_CLIENT_ID: env.OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET,
  };
  const missing = Object.entries(required).filter(([, v]) => v === undefined);
  const problems: string[] = [];
  if (missing.length === 3) {
    if (!env.PASSWORD_SIGN_IN) {
      problems.push('PASSWORD_SIGN_IN: may be false only with single sign-on (OIDC_ISSUER …)');
    }
    return { sso: undefined, problems };
  }
  if (missing.length > 0) {
    problems.push(
      `${missing.map(([k]) => k).join(', ')}: must be set too (single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET)`,
    );
  }
  const issuer = env.OIDC_ISSUER ? new URL(env.OIDC_ISSUER) : undefined;
  if (issuer?.protocol === 'http:' && !LOOPBACK.has(issuer.hostname)) {
    problems.push('OIDC_ISSUER: must be https (plain http only to 127.0.0.1 or localhost)');
  }
  const roleMap: Array<readonly [string, Role]> = [];
  for (const pair of (env.OIDC_ROLE_MAP ?? '').split(',').map((p) => p.trim())) {
    if (!pair) continue;
    const at = pair.lastIndexOf('=');
    const value = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !value || !(ROLES as readonly string[]).includes(role)) {
      problems.push(
        `OIDC_ROLE_MAP: "${pair}" is not <claim value>=<${ROLES.join('|')}> (e.g. dash-admins=admin,dash-editors=editor)`,
      );
      continue;
    }
    roleMap.push([value, role as Role]);
  }
  if (!env.OIDC_ROLE_CLAIM && env.OIDC_DEFAULT_ROLE === 'none') {
    problems.push(
      'OIDC_DEFAULT_ROLE: without OIDC_ROLE_CLAIM nobody could sign in; set a default role (viewer, editor, admin) or a role claim',
    );
  }
  if (roleMap.length > 0 && !env.OIDC_ROLE_CLAIM) {
    problems.push('OIDC_ROLE_CLAIM: must name the claim that OIDC_ROLE_MAP reads (e.g. groups)');
  }
  const domains = (env.OIDC_ALLOWED_EMAIL_DOMAINS ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  if (problems.length > 0 || !env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) {
    return { sso: undefined, problems };
  }
  return {
    problems,
    sso: {
      issuer: new URL(env.OIDC_ISSUER),
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: new Secret(env.OIDC_CLIENT_SECRET),
      providerName: env.OIDC_PROVIDER_NAME ?? new URL(env.OIDC_ISSUER).hostname,
      scopes: env.OIDC_SCOPES ?? 'openid email profile',
      allowedEmailDomains: domains,
      roleClaim: env.OIDC_ROLE_CLAIM,
      roleMap,
      defaultRole: env.OIDC_DEFAULT_ROLE === 'none' ? null : env.OIDC_DEFAULT_ROLE,
    },
  };
}
