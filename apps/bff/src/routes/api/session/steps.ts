import {
  enrolledSignInSchema,
  errorBodySchema,
  firstPasswordRequestSchema,
  pendingSignInSchema,
  secondFactorRequestSchema,
  sessionSchema,
  signInResponseSchema,
  totpCodeRequestSchema,
  twoFactorEnrolmentSchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HttpError } from '../../../lib/errors.ts';
import { assertGoodPassword } from '../../../services/credentials/password-policy.ts';
import { replacePassword } from '../../../services/credentials/replace-password.ts';
import { confirmEnrolment, startEnrolment } from '../../../services/credentials/two-factor.ts';
import { signIn, signInDeps } from './begin.ts';
import { sessionBody } from './body.ts';
import { enrolmentRefusal } from './enrolment-refusal.ts';
import {
  beginPending,
  currentPending,
  finishPending,
  nextStage,
  requirePending,
  signInExpired,
} from './pending.ts';
import { tooManyFailures, type SignInLimits } from './sign-in-limits.ts';
import { credentialDeps } from '../../../services/credentials/deps.ts';

const e = errorBodySchema;
const errors = { 400: e, 401: e, 403: e, 429: e };

const CODE_REFUSALS = {
  'wrong-code':
    'The code is wrong or has expired. Enter the code your authenticator app shows now.',
  replayed: 'This code has been used already. Wait for the next code in your app.',
  'wrong-recovery-code':
    'This recovery code is wrong. Check it against the recovery codes you saved.',
  'used-recovery-code':
    'This recovery code has been used already; each works once. Enter another of your recovery codes.',
} as const;

/**
 * The steps of a sign-in after its password: the authenticator code, setting up two-factor
 * when it is required, and the first admin's new password. Each needs this browser's pending
 * sign-in at that step (`pending.ts`); like the password itself they check the Origin only.
 */
export async function signInStepRoutes(app: FastifyInstance, limits: SignInLimits) {
  const deps = credentialDeps(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const signing = signInDeps(app, deps.sessions);
  const { audit } = signing;
  const config = {
    csrf: 'origin-only' as const,
    rateLimit: { max: app.config.limits.signInPerMinute, timeWindow: 60_000 },
  };

  api.get(
    '/session/pending',
    {
      schema: {
        tags: ['session'],
        summary: 'The step this browser’s unfinished sign-in is at',
        response: { 200: pendingSignInSchema, 401: e },
      },
    },
    async (request) => {
      const pending = await currentPending(app, request);
      if (!pending) throw signInExpired();
      return pending.body;
    },
  );

  api.post(
    '/session/two-factor',
    {
      config,
      schema: {
        tags: ['session'],
        summary: 'Finish signing in with the authenticator app’s code or a recovery code',
        body: secondFactorRequestSchema,
        response: { 200: sessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const pending = await requirePending(app, request, 'two-factor');
      const { staff } = pending;
      const failed = (reason: string) =>
        audit(request, 'session.two-factor-failed', {
          actorId: null,
          subject: staff.id,
          details: { email: staff.email, reason },
        });
      const outcome = await limits.checkCode(request, deps, staff, request.body.code);
      if ('waitMs' in outcome) {
        await failed('throttled');
        throw tooManyFailures(outcome.waitMs, 'wrong codes');
      }
      if (!outcome.ok) {
        await failed(outcome.reason);
        throw new HttpError(401, 'invalid-code', CODE_REFUSALS[outcome.reason]);
      }
      limits.rememberDevice(reply, limits.attemptOf(request, staff.email));
      await finishPending(app, signing, request, pending, {
        secondFactor: outcome.method,
        ...(outcome.method === 'recovery-code'
          ? { recoveryCodesLeft: outcome.recoveryCodesLeft }
          : {}),
      });
      return sessionBody(app, request, staff);
    },
  );

  api.post(
    '/session/password',
    {
      config,
      schema: {
        tags: ['session'],
        summary:
          'Choose your own password at the first sign-in with a generated one; then sign in (or the next step)',
        body: firstPasswordRequestSchema,
        response: { 200: signInResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const pending = await requirePending(app, request, 'change-password');
      const { staff } = pending;
      const { newPassword } = request.body;
      assertGoodPassword(newPassword, 'newPassword', 'New password', {
        email: staff.email,
        displayName: staff.display_name,
      });
      // Unfinished sign-ins of the account end with the old password, this one too.
      const { live } = await replacePassword(deps, staff, newPassword, {
        reason: 'password-changed',
        endedBy: staff.id,
      });
      await audit(request, 'password.change', {
        actorId: staff.id,
        subject: staff.id,
        details: { firstSignIn: true, sessionsEnded: live.length },
      });
      const changed = (await app.repos.staff.byId(staff.id)) ?? staff;
      const stage = nextStage(app, changed);
      if (stage) return beginPending(app, signing, request, changed, stage);
      // The pending record went with the old password; the new one is the last step.
      limits.rememberDevice(reply, limits.attemptOf(request, staff.email));
      await signIn(signing, request, changed);
      return sessionBody(app, request, changed);
    },
  );

  api.post(
    '/session/enrolment',
    {
      config,
      schema: {
        tags: ['session'],
        summary: 'Set up two-factor sign-in (required for this account): a new secret and QR code',
        response: { 200: twoFactorEnrolmentSchema, ...errors, 409: e },
      },
    },
    async (request, reply) => {
      const { staff } = await requirePending(app, request, 'enrol-two-factor');
      return reply.header('cache-control', 'no-store').send(await startEnrolment(deps, staff));
    },
  );

  api.post(
    '/session/enrolment/confirm',
    {
      config,
      schema: {
        tags: ['session'],
        summary:
          'Confirm two-factor sign-in with a first code and finish signing in; answers the recovery codes once',
        body: totpCodeRequestSchema,
        response: { 200: enrolledSignInSchema, ...errors, 409: e },
      },
    },
    async (request, reply) => {
      const pending = await requirePending(app, request, 'enrol-two-factor');
      const { staff } = pending;
      const outcome = await confirmEnrolment(deps, staff.id, request.body.code);
      if (!outcome.ok) throw await enrolmentRefusal(audit, request, staff, outcome.reason);
      await audit(request, 'two-factor.enable', {
        actorId: staff.id,
        subject: staff.id,
        details: { email: staff.email, atSignIn: true },
      });
      limits.rememberDevice(reply, limits.attemptOf(request, staff.email));
      await finishPending(app, signing, request, pending, { secondFactor: 'totp' });
      const session = await sessionBody(app, request, staff);
      return reply
        .header('cache-control', 'no-store')
        .send({ session, recoveryCodes: outcome.recoveryCodes });
    },
  );
}
