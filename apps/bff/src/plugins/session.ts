import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isSsoAccount } from '../db/repositories/staff.ts';
import { isApiRequest } from '../lib/api-path.ts';
import fp from 'fastify-plugin';
import { endSessions, sessionEnder } from '../services/sessions/end.ts';
import { LAST_SEEN_STEP_MS, sessionLimits, sessionState } from '../services/sessions/limits.ts';
import { startPurgingSessions } from '../services/sessions/purge.ts';
import { hashSessionSecret } from '../services/sessions/secret.ts';
import { twoFactorOn, twoFactorRequiredFor } from '../services/credentials/two-factor.ts';

export const SESSION_COOKIE = { plain: 'ptd_session', hostOnly: '__Host-ptd_session' } as const;

type Refusal = 'expired' | 'ended' | 'role-lowered' | 'two-factor';
/** Sessions that ran out rather than being ended by someone. */
const TIMED_OUT = new Set<string | null>(['idle', 'expired']);
const refusals = new WeakMap<FastifyRequest, Refusal>();

/** What a request without a usable session is told: why, when its cookie named one. */
export function signInAgainMessage(request: FastifyRequest) {
  const refusal = refusals.get(request);
  if (refusal === 'expired') return 'Your session has expired. Sign in again.';
  if (refusal === 'ended') return 'Your session has ended. Sign in again.';
  if (refusal === 'role-lowered') {
    return 'Your role was changed to one with fewer rights, so your session ended. Sign in again to continue with your new role.';
  }
  if (refusal === 'two-factor') {
    return 'Two-factor sign-in is now required for your account. Sign in again to set it up.';
  }
  return 'Sign in to continue.';
}

/**
 * Sessions live in the database (table `staff_session`, see services/sessions/); the
 * encrypted cookie only carries the session's secret and the CSRF token. Every /api request
 * reads its record together with the staff member (one query, what the staff lookup alone
 * cost before), so an ended session is refused at once on every replica: no cache.
 *
 * Cookie keys: the first encrypts, every key decrypts; rotate by prepending a new key and
 * dropping the old one after SESSION_ABSOLUTE_HOURS.
 */
export const sessionPlugin = fp<{ keys: Buffer[] }>(
  async (app: FastifyInstance, { keys }) => {
    const { absoluteHours, cookieSecure } = app.config.session;
    const limits = sessionLimits(app.config.session);
    const ender = sessionEnder(app);
    await app.register(secureSession, {
      key: keys,
      // `__Host-` requires Secure; without a guaranteed HTTPS origin the plain name is used.
      cookieName: cookieSecure === true ? SESSION_COOKIE.hostOnly : SESSION_COOKIE.plain,
      expiry: absoluteHours * 3600,
      cookie: {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: cookieSecure ?? 'auto',
        maxAge: absoluteHours * 3600,
      },
    });

    async function load(request: FastifyRequest) {
      const cookie = request.session;
      const secret = cookie.get('sid');
      // A sign-in between its password and its next step: no session, the steps read it.
      if (secret === undefined && typeof cookie.get('pending') === 'string') return;
      // Sign-in always sets both: without a CSRF token the check would have nothing to compare.
      // A cookie of an older release (the staff id and times inside) has no `sid`.
      if (typeof secret !== 'string' || !cookie.get('csrf')) {
        if (Object.keys(cookie.data() ?? {}).length > 0) cookie.delete();
        return;
      }
      const found = await app.repos.sessions.bySecretHash(hashSessionSecret(secret));
      if (!found) {
        cookie.delete();
        refusals.set(request, 'ended');
        return;
      }
      const { session, staff } = found;
      const now = app.now();
      const state = sessionState(session, now, limits);
      if (state !== 'live' || staff.disabled) {
        cookie.delete();
        const timedOut = state === 'ended' ? TIMED_OUT.has(session.end_reason) : state !== 'live';
        // A lowered role is said as such: what the person could do a moment ago is gone, and
        // signing in again will not bring it back.
        const lowered = state === 'ended' && session.end_reason === 'role-lowered';
        refusals.set(request, timedOut ? 'expired' : lowered ? 'role-lowered' : 'ended');
        // Recorded, so that neither a re-enabled account nor a raised limit brings it back.
        if (state !== 'ended') {
          const reason = state === 'live' ? 'account-disabled' : state;
          await endSessions(ender, { sessionId: session.id }, reason, null);
        }
        return;
      }
      // TWO_FACTOR_REQUIRED (or a new role) now covers an account without it: a session begun
      // with the password alone ends, and the next sign-in leads through setting it up.
      // Accounts of the OpenID provider follow the provider's two-factor rules instead.
      if (
        !twoFactorOn(staff) &&
        !isSsoAccount(staff) &&
        twoFactorRequiredFor(staff.role, app.config.twoFactorRequired)
      ) {
        cookie.delete();
        refusals.set(request, 'two-factor');
        await endSessions(ender, { sessionId: session.id }, 'two-factor-required', null);
        return;
      }
      if (now - session.last_seen_at >= LAST_SEEN_STEP_MS) {
        await app.repos.sessions.touch(session.id, now, now - LAST_SEEN_STEP_MS);
      }
      request.staff = staff;
      request.staffSession = { id: session.id, provedAt: session.proved_at };
    }

    app.decorateRequest('staff', null);
    app.decorateRequest('staffSession', null);
    app.addHook('onRequest', async (request) => {
      if (isApiRequest(request)) await load(request);
      else if (request.routeOptions.config.session === 'optional') {
        // Only with a cookie: a probe without one costs no query.
        await load(request).catch(() => {
          request.staff = null;
          request.staffSession = null;
        });
      }
    });
    const stopPurging = startPurgingSessions(ender, app.log);
    app.addHook('onClose', async () => stopPurging());
  },
  { name: 'session' },
);
