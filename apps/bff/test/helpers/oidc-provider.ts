import { exportJWK, generateKeyPair, SignJWT, decodeJwt, type JWK } from 'jose';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { renderLoginPage } from './oidc-login-page.ts';

/** A person at the provider: what they type on its sign-in page, and their claims. */
export interface OidcUser {
  login: string;
  password: string;
  sub: string;
  email: string;
  emailVerified?: boolean;
  name: string;
  groups: string[];
}

export interface OidcClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface OidcTestProvider {
  /** The issuer, `http://127.0.0.1:<port>`. */
  issuer: string;
  users: OidcUser[];
  /** From now on, ID tokens from the token endpoint are changed by `tamper` and signed again. */
  tamperIdTokens(
    tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null,
    /** Signs the changed claims some other way (another key, another algorithm). */
    sign?: (claims: Record<string, unknown>) => Promise<string>,
  ): void;
  close(): Promise<void>;
}

export const DEMO_USERS: OidcUser[] = [
  {
    login: 'ada',
    password: 'ada password',
    sub: 'u-ada-0001',
    email: 'ada@example.com',
    name: 'Ada Admin',
    groups: ['dash-admins'],
  },
  {
    login: 'eddie',
    password: 'eddie password',
    sub: 'u-eddie-0002',
    email: 'eddie@example.com',
    name: 'Eddie Editor',
    groups: ['dash-editors'],
  },
  {
    login: 'vera',
    password: 'vera password',
    sub: 'u-vera-0003',
    email: 'vera@example.com',
    name: 'Vera Viewer',
    groups: [],
  },
  {
    login: 'olga',
    password: 'olga password',
    sub: 'u-olga-0004',
    email: 'olga@elsewhere.test',
    name: 'Olga Outsider',
    groups: ['dash-admins'],
  },
];

async function formBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A real OpenID provider (oidc-provider, certified) on 127.0.0.1 for tests and demos: discovery,
 * authorization code with PKCE, signed ID tokens, RP-initiated logout. Its sign-in page checks
 * the users' passwords; consent is granted for registered clients (first-party, as at a
 * company's own provider). Nothing leaves this machine.
 */
export async function startOidcProvider(options: {
  clients: OidcClientRegistration[];
  users?: OidcUser[];
  port?: number;
}): Promise<OidcTestProvider> {
  // A copy: tests change a user's groups between sign-ins.
  const users = structuredClone(options.users ?? DEMO_USERS);
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let tamper: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;
  const signOwn = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
      .sign(privateKey);
  let sign = signOwn;

  // The issuer names the port, so the server listens before the provider exists.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) =>
    res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['oidc test provider cookie key, local only'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    ttl: { Interaction: 600, Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600 },
    // The ID token carries the claims of its scopes, as Entra ID, Google and Keycloak send them.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx, sub) {
      const user = users.find((u) => u.sub === sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: user.email,
            email_verified: user.emailVerified ?? true,
            name: user.name,
            groups: user.groups,
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId,
        accountId: ctx.oidc.session?.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);

  // The sign-in page (oidc-provider leaves interactions to the application).
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = renderLoginPage({ uid: details.uid, error: undefined });
      return;
    }
    const form = await formBody(ctx.req);
    const user = users.find(
      (u) => u.login === form.get('login') && u.password === form.get('password'),
    );
    if (!user) {
      ctx.type = 'html';
      ctx.status = 401;
      ctx.body = renderLoginPage({ uid: details.uid, error: 'Wrong login or password.' });
      return;
    }
    ctx.respond = false;
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
  });

  // Faults on demand: an ID token with other claims, signed with the provider's own key.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (!tamper || ctx.path !== '/token' || !body?.id_token) return;
    body.id_token = await sign(tamper(decodeJwt(body.id_token) as Record<string, unknown>));
  });

  provider.on('server_error', (_ctx, error) => {
    console.warn('oidc test provider:', error);
  });
  handler = provider.callback();

  return {
    issuer,
    users,
    tamperIdTokens: (next, signWith = signOwn) => {
      tamper = next;
      sign = signWith;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
