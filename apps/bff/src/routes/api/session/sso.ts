import {
  EMAIL_MAX_LENGTH,
  isSsoConfirmOutcome,
  signInOptionsSchema,
  SSO_CONFIRMED_PATH,
  SSO_ERROR_PARAM,
  ssoConfirmFailureOf,
  type SsoConfirmOutcome,
  type SsoErrorCode,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OidcClient, type SsoTransaction } from '../../../services/sso/oidc-client.ts';
import { failureOf } from '../../../services/sso/failure.ts';
import {
  provisionDeps,
  provisionStaff,
  type IdentityClaims,
} from '../../../services/sso/provision.ts';
import {
  clearPopupCookie,
  popupReturnTo,
  setPopupCookie,
  setTransactionCookie,
  takeTransaction,
} from '../../../services/sso/transaction-cookie.ts';
import { MAX_RETURN_PATH_LENGTH, safeReturnPath } from '../../../services/sso/return-path.ts';
import { NO_PROOF, signIn, signInDeps } from './begin.ts';
import { SSO_CONFIRMED_CSP, ssoConfirmedPage, withOutcome } from './sso-confirmed-page.ts';

const redirectSchema = { 303: z.null().describe('To the provider, the dashboard or /sign-in') };

/**
 * Where a confirmation's outcome goes: in a popup, the page that tells its opener; else the
 * page it was asked from, opened again with the outcome. A code only: nothing of the answer.
 */
const outcomeUrl = (returnTo: string, popup: boolean, outcome: SsoConfirmOutcome) =>
  popup
    ? `${SSO_CONFIRMED_PATH}?outcome=${outcome}&returnTo=${encodeURIComponent(returnTo)}`
    : withOutcome(returnTo, outcome);

/**
 * A confirmation's window goes to the provider and back, and must still be able to tell the
 * page that opened it: no browsing context group of its own on these answers (the dashboard's
 * pages send `same-origin-allow-popups`). They are redirects, and a page that shows no data.
 */
const keepOpener = (reply: FastifyReply) =>
  reply.header('cross-origin-opener-policy', 'unsafe-none');

/**
 * Single sign-on with an OpenID provider: the button's navigation (`…/sso/start`), the
 * provider's redirect back (`…/sso/callback`), and the provider's sign-out after ours. All are
 * top-level GET navigations answered with redirects; every failure lands on
 * `/sign-in?sso-error=<code>` (no session) and is audited.
 */
export async function ssoRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const signing = signInDeps(app);
  const { audit } = signing;
  const provisioning = provisionDeps(app, signing.sessions);
  const sso = app.config.sso;
  const oidc = sso
    ? new OidcClient(sso, app.now, app.config.session.absoluteHours * 3600)
    : undefined;
  const origin = (request: FastifyRequest) =>
    app.config.publicOrigin ?? `${request.protocol}://${request.host}`;
  const toSignIn = (reply: FastifyReply, code: SsoErrorCode) =>
    reply.redirect(`/sign-in?${SSO_ERROR_PARAM}=${code}`, 303);

  api.get(
    '/session/options',
    {
      schema: {
        tags: ['session'],
        summary: 'How the sign-in page offers to sign in: password, single sign-on, or both',
        response: { 200: signInOptionsSchema },
      },
    },
    async () => ({
      password: app.config.passwordSignIn,
      sso: sso ? { name: sso.providerName } : null,
    }),
  );

  if (!sso || !oidc) return;
  const rateLimit = { max: app.config.limits.signInPerMinute, timeWindow: 60_000 };
  /**
   * The browser came by navigation, so what stops a request outside the handler's own
   * outcomes (the rate limit, a malformed query, a fault of this server) lands on the sign-in
   * page too, with its reason: a JSON body would be all the person sees.
   */
  const failedWith = (error: { statusCode?: number }, request: FastifyRequest) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'single sign-on failed');
    return status === 429 ? 'rate-limited' : status >= 500 ? 'server-error' : 'invalid-request';
  };
  const errorHandler = (
    error: { statusCode?: number },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => toSignIn(reply, failedWith(error, request));
  /**
   * The same for the answers a confirmation in a popup passes through, with where it was begun
   * as a popup (`popup`: the page it was for): the popup ends on its last page, which tells the
   * dialog that opened it, instead of showing the sign-in page inside the popup.
   */
  const popupErrorHandler =
    (popup: (request: FastifyRequest) => string | undefined) =>
    (error: { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
      const code = failedWith(error, request);
      const returnTo = popup(request);
      if (returnTo === undefined) return toSignIn(reply, code);
      keepOpener(reply);
      return reply.redirect(
        outcomeUrl(safeReturnPath(returnTo), true, ssoConfirmFailureOf(code)),
        303,
      );
    };

  api.get(
    '/session/sso/start',
    {
      config: { rateLimit },
      errorHandler,
      schema: {
        tags: ['session'],
        summary: `Sign in with ${sso.providerName}: redirects to the provider (authorization code with PKCE)`,
        querystring: z.object({ returnTo: z.string().max(MAX_RETURN_PATH_LENGTH).optional() }),
        response: redirectSchema,
      },
    },
    async (request, reply) => {
      try {
        const redirectUri = `${origin(request)}/api/session/sso/callback`;
        const { transaction, url } = await oidc.begin(
          redirectUri,
          safeReturnPath(request.query.returnTo),
        );
        setTransactionCookie(app, reply, transaction);
        // A sign-in, not a confirmation in a popup: its failures land on the sign-in page.
        clearPopupCookie(request, reply);
        return reply.redirect(url.href, 303);
      } catch (error) {
        request.log.warn({ err: error }, 'single sign-on: the provider could not be reached');
        await audit(request, 'session.sso-failed', {
          actorId: null,
          details: { reason: 'provider-unavailable', provider: sso.providerName },
        });
        return toSignIn(reply, 'provider-unavailable');
      }
    },
  );

  api.get(
    '/session/sso/confirm',
    {
      config: { rateLimit },
      // The query as sent, whether or not it passed the schema.
      errorHandler: popupErrorHandler((request) => {
        const query = request.query as { popup?: unknown; returnTo?: unknown } | undefined;
        if (query?.popup !== '1') return undefined;
        return typeof query.returnTo === 'string' ? query.returnTo : '/';
      }),
      schema: {
        tags: ['session'],
        summary: `Confirm it is you with a fresh sign-in at ${sso.providerName} (prompt=login, max_age=0), then back to returnTo with the outcome (popup=1: to ${SSO_CONFIRMED_PATH}, which tells the opener)`,
        querystring: z.object({
          returnTo: z.string().max(MAX_RETURN_PATH_LENGTH).optional(),
          popup: z.literal('1').optional(),
        }),
        response: redirectSchema,
      },
    },
    async (request, reply) => {
      keepOpener(reply);
      const returnTo = safeReturnPath(request.query.returnTo);
      const popup = request.query.popup === '1';
      const { staff, staffSession } = request;
      if (!staff || !staffSession) {
        // Signed out meanwhile: signing in is the proof. A popup says so to its opener, whose
        // next request finds the session gone.
        if (popup) return reply.redirect(outcomeUrl(returnTo, true, 'session-ended'), 303);
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
      }
      try {
        const redirectUri = `${origin(request)}/api/session/sso/callback`;
        const { transaction, url } = await oidc.begin(redirectUri, returnTo, {
          sessionId: staffSession.id,
          staffId: staff.id,
          ...(popup ? { popup: true } : {}),
        });
        setTransactionCookie(app, reply, transaction);
        if (popup) setPopupCookie(app, reply, returnTo);
        else clearPopupCookie(request, reply);
        return reply.redirect(url.href, 303);
      } catch (error) {
        request.log.warn({ err: error }, 'single sign-on: the provider could not be reached');
        await audit(request, 'session.reauthenticate-failed', {
          subject: staff.id,
          details: { reason: 'provider-unavailable', provider: sso.providerName },
        });
        return reply.redirect(outcomeUrl(returnTo, popup, 'provider-unavailable'), 303);
      }
    },
  );

  api.get(
    '/session/sso/callback',
    {
      config: { rateLimit },
      errorHandler: popupErrorHandler(popupReturnTo),
      schema: {
        tags: ['session'],
        summary: 'Where the provider sends the browser back: checks the answer, signs in',
        querystring: z.record(z.string(), z.string()),
        response: redirectSchema,
      },
    },
    async (request, reply) => {
      keepOpener(reply);
      const refuse = async (
        reason: SsoErrorCode,
        facts: { staffId?: string; email?: string; cause?: string } = {},
      ) => {
        await audit(request, 'session.sso-failed', {
          actorId: facts.staffId ?? null,
          subject: facts.staffId ?? facts.email ?? null,
          details: {
            reason,
            provider: sso.providerName,
            ...(facts.email ? { email: facts.email } : {}),
            ...(facts.cause ? { cause: facts.cause } : {}),
          },
        });
        return toSignIn(reply, reason);
      };
      const taken = takeTransaction(app, request, reply, request.query.state);
      if ('refused' in taken) {
        // A confirmation begun in a popup ends there, saying so, not on the sign-in page.
        const popup = popupReturnTo(request);
        if (popup === undefined) return refuse(taken.refused);
        await audit(request, 'session.sso-failed', {
          actorId: null,
          details: { reason: taken.refused, provider: sso.providerName },
        });
        return reply.redirect(
          outcomeUrl(safeReturnPath(popup), true, ssoConfirmFailureOf(taken.refused)),
          303,
        );
      }
      const { transaction } = taken;
      clearPopupCookie(request, reply);
      const callbackUrl = new URL(transaction.redirectUri);
      callbackUrl.search = new URLSearchParams(request.query).toString();
      let claims: IdentityClaims;
      try {
        claims = (await oidc.finish(callbackUrl, transaction)) as IdentityClaims;
      } catch (error) {
        const failure = failureOf(error);
        request.log.warn({ cause: failure.cause }, 'single sign-on refused');
        if (transaction.confirm) {
          return confirmed(request, reply, transaction, undefined, failure);
        }
        return refuse(failure.code, { cause: failure.cause });
      }
      if (transaction.confirm) return confirmed(request, reply, transaction, claims);
      const outcome = await provisionStaff(provisioning, request.ip, sso, claims);
      // As the provider sent it, cut to the longest address an account may have.
      const email =
        typeof claims.email === 'string' ? claims.email.slice(0, EMAIL_MAX_LENGTH) : undefined;
      if ('refused' in outcome) {
        return refuse(outcome.refused, {
          ...(outcome.staffId ? { staffId: outcome.staffId } : {}),
          ...(email ? { email } : {}),
        });
      }
      const { staff } = outcome;
      // The person proved themselves when the provider signed them in, which may be long
      // before this return: a sign-in it remembered proves nothing now (decision 022). An ID
      // token that does not say when (no `auth_time`, though `max_age` asked for it) proves
      // nothing either: the first action that wants a recent proof asks to confirm.
      await signIn(
        signing,
        request,
        staff,
        { method: 'sso', provider: sso.providerName },
        typeof claims.auth_time === 'number' && Number.isFinite(claims.auth_time)
          ? claims.auth_time * 1000
          : NO_PROOF,
      );
      return reply.redirect(transaction.returnTo, 303);
    },
  );

  /**
   * What the provider now says of the account, applied as at a sign-in (its role, its address):
   * a role it lowered or withdrew ends the account's sessions, this one included, and an
   * address it no longer vouches for is refused. A confirmation is a fresh sign-in there: it
   * proves no one the provider would not let in as they are.
   */
  async function providerRefusal(
    request: FastifyRequest,
    claims: IdentityClaims,
    sessionEnded: () => Promise<boolean>,
  ) {
    const outcome = await provisionStaff(provisioning, request.ip, sso!, claims);
    if (await sessionEnded()) return 'session-ended';
    return 'refused' in outcome ? outcome.refused : undefined;
  }

  /**
   * The provider's answer to a confirmation: the session it was for proved again, when the
   * answer is good (a fresh sign-in, the library checked `auth_time` against max_age=0), names
   * the same account, and the provider still lets it in as it is (`providerRefusal`). Back to
   * the page (or the popup's last page) either way, with the outcome: the person is still
   * signed in, and a failed confirmation only leaves the action refused (audited with the
   * reason). The outcome proves nothing by itself: the request sent again is judged by the
   * session's proof time alone.
   */
  async function confirmed(
    request: FastifyRequest,
    reply: FastifyReply,
    transaction: SsoTransaction,
    claims: IdentityClaims | undefined,
    failure?: { code: SsoErrorCode; cause: string },
  ) {
    const { sessionId, staffId, popup = false } = transaction.confirm!;
    const staff = await app.repos.staff.byId(staffId);
    const sessionEnded = async () => {
      const session = await app.repos.sessions.byId(sessionId);
      return !session || session.ended_at !== null || session.staff_id !== staffId;
    };
    const reason =
      failure || !claims
        ? (failure?.code ?? 'provider-refused')
        : !staff || staff.sso_issuer !== claims.iss || staff.sso_subject !== claims.sub
          ? 'another-account'
          : (await sessionEnded())
            ? 'session-ended'
            : await providerRefusal(request, claims, sessionEnded);
    if (reason) {
      await audit(request, 'session.reauthenticate-failed', {
        actorId: staff?.id ?? null,
        subject: staffId,
        details: {
          session: sessionId,
          method: 'sso',
          provider: sso!.providerName,
          reason,
          ...(failure ? { cause: failure.cause } : {}),
        },
      });
      return reply.redirect(
        outcomeUrl(transaction.returnTo, popup, ssoConfirmFailureOf(reason)),
        303,
      );
    }
    await app.repos.sessions.markProved(sessionId, app.now());
    await audit(request, 'session.reauthenticate', {
      actorId: staffId,
      subject: staffId,
      details: { session: sessionId, method: 'sso', provider: sso!.providerName },
    });
    return reply.redirect(outcomeUrl(transaction.returnTo, popup, 'confirmed'), 303);
  }

  const confirmedPage = (reply: FastifyReply, outcome: SsoConfirmOutcome, returnTo: string) =>
    keepOpener(reply)
      .header('content-security-policy', SSO_CONFIRMED_CSP)
      .type('text/html; charset=utf-8')
      .send(ssoConfirmedPage(outcome, safeReturnPath(returnTo)));

  api.get(
    SSO_CONFIRMED_PATH.slice('/api'.length),
    {
      config: { rateLimit },
      // Only a popup comes here: it still tells its opener, with why it failed.
      errorHandler: (error: { statusCode?: number }, request, reply) => {
        const { returnTo } = (request.query ?? {}) as { returnTo?: unknown };
        const code = failedWith(error, request);
        return confirmedPage(
          reply,
          ssoConfirmFailureOf(code),
          typeof returnTo === 'string' ? returnTo : '/',
        );
      },
      schema: {
        tags: ['session'],
        summary:
          'The last page of a confirmation in a popup: tells the page that opened it the outcome (postMessage to this origin only), then closes',
        querystring: z.object({
          outcome: z.string().max(40).optional(),
          returnTo: z.string().max(MAX_RETURN_PATH_LENGTH).optional(),
        }),
        response: { 200: z.string().describe('A small HTML page') },
      },
    },
    async (request, reply) => {
      const { outcome, returnTo } = request.query;
      return confirmedPage(
        reply,
        isSsoConfirmOutcome(outcome) ? outcome : 'not-verified',
        returnTo ?? '/',
      );
    },
  );

  api.get(
    '/session/sso/signed-out',
    {
      // Anyone may call it and each call may ask the provider: limited like the other two. Our
      // session is over whatever stops it, so every failure simply lands on the sign-in page.
      config: { rateLimit },
      errorHandler: (error: { statusCode?: number }, request, reply) => {
        if ((error.statusCode ?? 500) >= 500) {
          request.log.error({ err: error }, 'single sign-on sign-out failed');
        }
        return reply.redirect('/sign-in', 303);
      },
      schema: {
        tags: ['session'],
        summary: `After signing out here: sign out at ${sso.providerName} too, then back to /sign-in`,
        response: redirectSchema,
      },
    },
    async (request, reply) => {
      const back = `${origin(request)}/sign-in`;
      try {
        const url = await oidc.endSessionUrl(back);
        return reply.redirect(url?.href ?? '/sign-in', 303);
      } catch {
        // The provider is down: our session is over anyway.
        return reply.redirect('/sign-in', 303);
      }
    },
  );
}
