import {
  errorBodySchema,
  sessionSchema,
  signInRequestSchema,
  signInResponseSchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPassword, isSsoAccount } from '../../../db/repositories/staff.ts';
import { HttpError, unauthenticated } from '../../../lib/errors.ts';
import { signInAgainMessage } from '../../../plugins/session.ts';
import type { Place } from '../../../services/passwords.ts';
import type { SignInAttempt } from '../../../services/sign-in-throttle.ts';
import { endSessions } from '../../../services/sessions/end.ts';
import { signIn, signInDeps } from './begin.ts';
import { sessionBody } from './body.ts';
import { beginPending, dropPending, nextStage } from './pending.ts';
import { tooManyFailures, type SignInLimits } from './sign-in-limits.ts';
import { sessionConfirmRoutes } from './confirm.ts';
import { signInStepRoutes } from './steps.ts';
import { ssoRoutes } from './sso.ts';

const INVALID = 'The email or password is wrong.';

export async function sessionRoutes(app: FastifyInstance, { limits }: { limits: SignInLimits }) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const signing = signInDeps(app);
  const { audit } = signing;
  /** The throttle, then the password (taking as long for an unknown email as for a known). */
  const checkPassword = async (attempt: SignInAttempt, password: string, place: Place) => {
    const started = await limits.throttle.begin(attempt);
    if ('waitMs' in started) return started;
    const staff = await app.repos.staff.byEmail(attempt.email);
    // An account of the OpenID provider has no password (unless ADMIN_EMAIL names it): it
    // takes as long as a wrong one.
    const ok =
      staff && hasPassword(staff)
        ? await app.passwords.verify(staff.password_hash, password, place)
        : await app.passwords.verifyNobody(password, place);
    return { started, staff, ok };
  };
  const errors = {
    400: errorBodySchema,
    401: errorBodySchema,
    403: errorBodySchema,
    429: errorBodySchema,
    502: errorBodySchema,
    503: errorBodySchema,
    504: errorBodySchema,
  };

  api.post(
    '/session',
    {
      config: {
        csrf: 'origin-only',
        rateLimit: { max: app.config.limits.signInPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ['session'],
        summary:
          'Sign in (sets the session cookie), or begin a sign-in that needs one more step (`pending`: an authenticator code, setting up two-factor, or a new password)',
        body: signInRequestSchema,
        response: { 200: signInResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      if (!app.config.passwordSignIn) {
        throw new HttpError(
          403,
          'password-sign-in-disabled',
          'Sign-in with a password is turned off here: use single sign-on.',
        );
      }
      const attempt = limits.attemptOf(request, email);
      // A place in line for the check, taken before anything is counted, queried or audited:
      // 503 at once when the line is full. A browser with the account's device cookie has a
      // line of its own, served first, so a flood of strangers cannot keep it out (004).
      const place = app.passwords.checks.place(
        attempt.deviceId === undefined ? 'stranger' : 'known',
      );
      const checked = await checkPassword(attempt, password, place).finally(() =>
        app.passwords.checks.leave(place),
      );
      if ('waitMs' in checked) {
        await audit(request, 'session.sign-in-failed', {
          actorId: null,
          details: { email, reason: 'throttled' },
        });
        throw tooManyFailures(checked.waitMs);
      }
      const { started, staff, ok } = checked;
      // Unknown email and wrong password get the same answer: no account discovery.
      // The attempt was counted before the check: a failure needs nothing more.
      if (!staff || !ok) {
        await audit(request, 'session.sign-in-failed', {
          actorId: null,
          subject: email,
          details: { email, reason: 'invalid-credentials' },
        });
        throw new HttpError(401, 'invalid-credentials', INVALID);
      }
      if (staff.disabled) {
        await limits.throttle.release(started.claim);
        await audit(request, 'session.sign-in-failed', {
          actorId: staff.id,
          subject: email,
          details: { email, reason: 'disabled' },
        });
        throw new HttpError(
          403,
          'account-disabled',
          'This account is disabled. Ask an administrator.',
        );
      }
      await limits.throttle.succeeded(started.claim);
      const stage = nextStage(app, staff);
      if (stage) {
        // The first admin's generated password opens the form that replaces it, once.
        if (stage === 'change-password') {
          if (!(await app.repos.credentials.spendPassword(staff.id, staff.password_hash))) {
            throw new HttpError(401, 'invalid-credentials', INVALID);
          }
        }
        return beginPending(app, signing, request, staff, stage);
      }
      limits.rememberDevice(reply, attempt);
      // A provider's account signing in with ADMIN_PASSWORD: the way in while the provider fails.
      await signIn(
        signing,
        request,
        staff,
        isSsoAccount(staff) ? { method: 'password', breakGlass: true } : {},
      );
      return sessionBody(app, request, staff);
    },
  );

  api.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who am I',
        response: {
          200: sessionSchema,
          401: errorBodySchema,
          502: errorBodySchema,
          504: errorBodySchema,
        },
      },
    },
    async (request) => {
      if (!request.staff) {
        // Say so, so the sign-in page picks the step up again (GET /api/session/pending).
        if (request.session.get('pending')) {
          throw new HttpError(401, 'sign-in-pending', 'Finish signing in to continue.');
        }
        throw unauthenticated(signInAgainMessage(request));
      }
      return sessionBody(app, request, request.staff);
    },
  );

  api.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out (ends this session on the server; its cookie opens nothing after)',
        response: { 204: z.null().describe('Signed out'), 403: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { staff, staffSession } = request;
      if (staff && staffSession) {
        await endSessions(signing.sessions, { sessionId: staffSession.id }, 'signed-out', staff.id);
        await audit(request, 'session.sign-out', {
          subject: staff.id,
          details: { session: staffSession.id },
        });
      }
      await dropPending(app, request);
      request.session.delete();
      return reply.code(204).send(null);
    },
  );

  await signInStepRoutes(app, limits);
  await sessionConfirmRoutes(app, limits);
  await ssoRoutes(app);
}
