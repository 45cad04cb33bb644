import {
  changePasswordRequestSchema,
  changePasswordResponseSchema,
  errorBodySchema,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError, unauthenticated } from '../../../lib/errors.ts';
import { proofMethod } from '../../../plugins/auth.ts';
import { requestAudit } from '../../../services/audit.ts';
import { assertGoodPassword } from '../../../services/credentials/password-policy.ts';
import { replacePassword } from '../../../services/credentials/replace-password.ts';
import { assertLocalAccount } from '../../../services/sso/local-credentials.ts';
import { tooManyFailures, type SignInLimits } from '../session/sign-in-limits.ts';
import { credentialDeps } from '../../../services/credentials/deps.ts';

const e = errorBodySchema;

/** The guard ran first: a signed-in request has its staff member and session. */
function signedIn(request: FastifyRequest) {
  if (!request.staff || !request.staffSession) throw unauthenticated();
  return { staff: request.staff, sessionId: request.staffSession.id };
}

const fieldError = (code: string, path: string, message: string) =>
  new HttpError(400, code, message, { issues: [{ path, message }] });

/** Changing your own password: the current one first, then every other session ends. */
export async function accountPasswordRoutes(
  app: FastifyInstance,
  { limits }: { limits: SignInLimits },
) {
  const deps = credentialDeps(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const audit = requestAudit(app.repos.audit);

  api.post(
    '/account/password',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['account'],
        summary: 'Change your password (your other sessions are signed out)',
        body: changePasswordRequestSchema,
        response: { 200: changePasswordResponseSchema, 400: e, 401: e, 403: e, 409: e, 429: e },
      },
    },
    async (request) => {
      const { staff, sessionId } = signedIn(request);
      assertLocalAccount(staff, 'change your password');
      const { currentPassword, newPassword } = request.body;
      const failed = (reason: string) =>
        audit(request, 'password.change-failed', {
          subject: staff.id,
          details: { email: staff.email, session: sessionId, reason },
        });
      // Wrong current passwords count with sign-in's and the confirmation's, under the same
      // keys: a session taken over gets no second budget of guesses here (a right one here is
      // a proof of the person, decision 022).
      const checked = await limits.checkOwnPassword(request, staff, currentPassword);
      if ('waitMs' in checked) {
        await failed('throttled');
        throw tooManyFailures(checked.waitMs, 'wrong passwords');
      }
      if (!checked.ok) {
        await failed('wrong-current-password');
        throw fieldError(
          'wrong-password',
          'currentPassword',
          'Current password: this is not your current password.',
        );
      }
      if (await app.passwords.verify(staff.password_hash, newPassword, 'known')) {
        throw fieldError(
          'invalid-request',
          'newPassword',
          'New password: choose a password other than your current one.',
        );
      }
      assertGoodPassword(newPassword, 'newPassword', 'New password', {
        email: staff.email,
        displayName: staff.display_name,
      });
      const { live } = await replacePassword(deps, staff, newPassword, {
        reason: 'password-changed',
        endedBy: staff.id,
        keepSessionId: sessionId,
      });
      // The current password was just checked: as good a proof as confirming it, for an account
      // that confirms with its password alone (decision 022). One with two-factor confirms with
      // its code as well, which this did not ask for.
      if (proofMethod(staff) === 'password') {
        await app.repos.sessions.markProved(sessionId, app.now());
      }
      await audit(request, 'password.change', {
        subject: staff.id,
        details: { email: staff.email, sessionsEnded: live.length },
      });
      return { sessionsEnded: live.length };
    },
  );
}
