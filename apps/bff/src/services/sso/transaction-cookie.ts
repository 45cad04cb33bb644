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

/**
 * That a confirmation was begun in a popup, and for which page: a cookie of its own beside the
 * transaction's, so that an answer that cannot be matched to its transaction (none, or another
 * state) or that the route's error handler answers (the rate limit, a malformed request, a fault
 * of this server) still ends the popup on its last page, with a failure outcome, instead of on
 * the sign-in page inside the popup. It only chooses where a failure is shown: a session is
 * proved by a transaction sealed in `SSO_COOKIE` alone. Half an hour: a sign-in at the provider
 * that outlasts the transaction still ends in the popup.
 */
export const SSO_POPUP_COOKIE = 'ptd_sso_popup';
const POPUP_MAX_AGE_MS = 3 * TRANSACTION_MAX_AGE_MS;

export function setPopupCookie(app: FastifyInstance, reply: FastifyReply, returnTo: string) {
  reply.setCookie(SSO_POPUP_COOKIE, returnTo, {
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.session.cookieSecure ?? 'auto',
    maxAge: POPUP_MAX_AGE_MS / 1000,
  });
}

/** The page a confirmation begun in a popup was for (not yet through safeReturnPath), if any. */
export const popupReturnTo = (request: FastifyRequest): string | undefined =>
  request.cookies[SSO_POPUP_COOKIE];

export function clearPopupCookie(request: FastifyRequest, reply: FastifyReply) {
  if (request.cookies[SSO_POPUP_COOKIE] !== undefined) {
    reply.clearCookie(SSO_POPUP_COOKIE, { path: COOKIE_PATH });
  }
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
