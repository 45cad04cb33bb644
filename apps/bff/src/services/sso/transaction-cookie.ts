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

/**
 * The transaction an answer of the provider belongs to, used once: the cookie goes when the
 * answer's `state` is this transaction's (whatever the outcome after), or when the cookie is no
 * good. An answer with another state leaves it: it comes from a sign-in this browser began
 * earlier in another tab, or from a navigation another site started, and neither may end the
 * sign-in under way. The state is compared here, as well as by the library, to tell this case
 * apart on the page.
 */
export function takeTransaction(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  state: string | undefined,
): { transaction: SsoTransaction } | { refused: 'no-transaction' | 'wrong-state' } {
  const sealed = request.cookies[SSO_COOKIE];
  if (sealed === undefined) return { refused: 'no-transaction' };
  const transaction = openTransaction(app, sealed);
  if (transaction && state !== transaction.state) return { refused: 'wrong-state' };
  reply.clearCookie(SSO_COOKIE, { path: COOKIE_PATH });
  return transaction ? { transaction } : { refused: 'no-transaction' };
}

/** The sealed transaction, unless it is unreadable or older than ten minutes. */
function openTransaction(app: FastifyInstance, sealed: string): SsoTransaction | undefined {
  try {
    const transaction = JSON.parse(open(app.ledgerKeys, sealed, CONTEXT)) as SsoTransaction;
    const age = app.now() - transaction.startedAt;
    return age >= 0 && age <= TRANSACTION_MAX_AGE_MS ? transaction : undefined;
  } catch {
    return undefined;
  }
}
