import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { open, seal } from '../../lib/crypto.ts';
import type { SsoTransaction } from './oidc-client.ts';

/**
 * The session cookie is SameSite=Strict, so the browser leaves it out of the provider's
 * redirect back to us (a navigation begun on another site). The transaction (state, nonce,
 * PKCE verifier) therefore travels in a cookie of its own: SameSite=Lax, which top-level GET
 * navigations carry; sealed (AES-GCM with LEDGER_KEY), HttpOnly, only for the SSO paths, ten
 * minutes. Lax lets another site start such a navigation, but only with its own state, which
 * never matches the one sealed in this browser's cookie.
 */
export const SSO_COOKIE = 'ptd_sso';
const COOKIE_PATH = '/api/session/sso';
const CONTEXT = 'sso-transaction';
export const TRANSACTION_MAX_AGE_MS = 10 * 60_000;

export function setTransactionCookie(
  app: FastifyInstance,
  reply: FastifyReply,
  transaction: SsoTransaction,
) {
  reply.setCookie(SSO_COOKIE, seal(app.ledgerKeys, JSON.stringify(transaction), CONTEXT), {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.session.cookieSecure ?? 'auto',
    maxAge: TRANSACTION_MAX_AGE_MS / 1000,
  });
}

/** Used once: the cookie goes whatever the callback's outcome. */
export function takeTransaction(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
): SsoTransaction | undefined {
  const sealed = request.cookies[SSO_COOKIE];
  if (sealed === undefined) return undefined;
  reply.clearCookie(SSO_COOKIE, { path: COOKIE_PATH });
  try {
    const transaction = JSON.parse(open(app.ledgerKeys, sealed, CONTEXT)) as SsoTransaction;
    const age = app.now() - transaction.startedAt;
    return age >= 0 && age <= TRANSACTION_MAX_AGE_MS ? transaction : undefined;
  } catch {
    return undefined;
  }
}
