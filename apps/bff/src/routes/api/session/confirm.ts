import { confirmSessionRequestSchema, errorBodySchema } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPassword, type StaffRow } from '../../../db/repositories/staff.ts';
import { HttpError, unauthenticated } from '../../../lib/errors.ts';
import { proofMethod } from '../../../plugins/auth.ts';
import { signInAgainMessage } from '../../../plugins/session.ts';
import { requestAudit } from '../../../services/audit.ts';
import { credentialDeps } from '../../../services/credentials/deps.ts';
import { twoFactorOn } from '../../../services/credentials/two-factor.ts';
import { tooManyFailures, type SignInLimits } from './sign-in-limits.ts';

const e = errorBodySchema;

const fieldError = (code: string, path: string, message: string) =>
  new HttpError(401, code, message, { issues: [{ path, message }] });

const CODE_REFUSALS = {
  'wrong-code':
    'Code: the code is wrong or has expired. Enter the code your authenticator app shows now.',
  replayed: 'Code: this code has been used already. Wait for the next code in your app.',
  'wrong-recovery-code':
    'Code: this recovery code is wrong. Check it against the recovery codes you saved.',
  'used-recovery-code':
    'Code: this recovery code has been used already; each works once. Enter another of your recovery codes.',
} as const;

/**
 * `POST /api/session/confirm`: the signed-in person proves it is still them (password, and the
 * authenticator code when the account has one), so the actions that want a recent proof are
 * allowed again for REAUTH_MINUTES (decision 022). The same throttle, password-check queue and
 * audit as sign-in; CSRF-protected like every state-changing route. Accounts of the OpenID
 * provider confirm at the provider instead (`GET /api/session/sso/confirm`).
 */
export async function sessionConfirmRoutes(app: FastifyInstance, limits: SignInLimits) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const deps = credentialDeps(app);
  const audit = requestAudit(app.repos.audit);

  const failed = (request: FastifyRequest, staff: StaffRow, reason: string) =>
    audit(request, 'session.reauthenticate-failed', {
      subject: staff.id,
      details: { email: staff.email, session: request.staffSession?.id, reason },
    });

  api.post(
    '/session/confirm',
    {
      preValidation: app.guard(),
      config: { rateLimit: { max: app.config.limits.signInPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['session'],
        summary:
          'Confirm it is you (password, and the authenticator code when the account has one): actions that want a recent proof are allowed again',
        body: confirmSessionRequestSchema,
        response: {
          204: z.null().describe('Confirmed'),
          400: e,
          401: e,
          403: e,
          409: e,
          429: e,
          503: e,
        },
      },
    },
    async (request, reply) => {
      const { staff, staffSession } = request;
      if (!staff || !staffSession) throw unauthenticated(signInAgainMessage(request));
      if (proofMethod(staff) === 'single-sign-on' || !hasPassword(staff)) {
        throw new HttpError(
          409,
          'confirm-with-provider',
          'This account has no password here: confirm it’s you by signing in at your single sign-on provider.',
        );
      }
      const { password, code } = request.body;
      const withCode = twoFactorOn(staff);
      if (withCode && !code) {
        const message = 'Code: enter the code from your authenticator app.';
        throw new HttpError(400, 'validation', message, {
          issues: [{ path: 'code', message }],
        });
      }
      // As at sign-in: the throttle, then the check, the attempt counted before the check.
      const checked = await limits.checkOwnPassword(request, staff, password);
      if ('waitMs' in checked) {
        await failed(request, staff, 'throttled');
        throw tooManyFailures(checked.waitMs, 'wrong passwords');
      }
      if (!checked.ok) {
        await failed(request, staff, 'wrong-password');
        throw fieldError(
          'invalid-credentials',
          'password',
          'Password: this is not your password. Enter the password you sign in with.',
        );
      }
      let secondFactor: string | undefined;
      if (withCode && code) {
        const outcome = await limits.checkCode(request, deps, staff, code);
        if ('waitMs' in outcome) {
          await failed(request, staff, 'throttled');
          throw tooManyFailures(outcome.waitMs, 'wrong codes');
        }
        if (!outcome.ok) {
          await failed(request, staff, outcome.reason);
          throw fieldError('invalid-code', 'code', CODE_REFUSALS[outcome.reason]);
        }
        secondFactor = outcome.method;
      }
      await app.repos.sessions.markProved(staffSession.id, app.now());
      await audit(request, 'session.reauthenticate', {
        subject: staff.id,
        details: {
          session: staffSession.id,
          method: 'password',
          ...(secondFactor ? { secondFactor } : {}),
        },
      });
      return reply.code(204).send(null);
    },
  );
}
