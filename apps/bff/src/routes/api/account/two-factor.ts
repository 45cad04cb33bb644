import {
  errorBodySchema,
  recoveryCodesSchema,
  totpCodeRequestSchema,
  twoFactorEnrolmentSchema,
  twoFactorStatusSchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestAudit } from '../../../services/audit.ts';
import {
  confirmEnrolment,
  startEnrolment,
  twoFactorOn,
  twoFactorRequiredFor,
} from '../../../services/credentials/two-factor.ts';
import { isSsoAccount } from '../../../db/repositories/staff.ts';
import { assertLocalAccount } from '../../../services/sso/local-credentials.ts';
import { enrolmentRefusal } from '../session/enrolment-refusal.ts';
import { credentialDeps } from '../../../services/credentials/deps.ts';
import { signedInStaff } from '../actor.ts';

const e = errorBodySchema;

/** "Two-factor sign-in" from the account menu: status, and setting it up. */
export async function accountTwoFactorRoutes(app: FastifyInstance) {
  const deps = credentialDeps(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const audit = requestAudit(app.repos.audit);

  api.get(
    '/account/two-factor',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['account'],
        summary: 'Whether you sign in with an authenticator code, and recovery codes left',
        response: { 200: twoFactorStatusSchema, 401: e },
      },
    },
    async (request) => {
      const staff = signedInStaff(request);
      return {
        enabled: twoFactorOn(staff),
        enabledAt:
          staff.totp_enabled_at === null
            ? null
            : new Date(Number(staff.totp_enabled_at)).toISOString(),
        recoveryCodesLeft: twoFactorOn(staff)
          ? await app.repos.recoveryCodes.countUnused(staff.id)
          : 0,
        required:
          !isSsoAccount(staff) && twoFactorRequiredFor(staff.role, app.config.twoFactorRequired),
      };
    },
  );

  api.post(
    '/account/two-factor/enrolment',
    {
      preValidation: app.guard(),
      preHandler: app.recentProof('set up two-factor sign-in'),
      schema: {
        tags: ['account'],
        summary: 'Start setting up two-factor sign-in: a new secret and its QR code',
        response: { 200: twoFactorEnrolmentSchema, 401: e, 403: e, 409: e },
      },
    },
    async (request, reply) => {
      const staff = signedInStaff(request);
      assertLocalAccount(staff, 'set up two-factor sign-in');
      return reply.header('cache-control', 'no-store').send(await startEnrolment(deps, staff));
    },
  );

  api.post(
    '/account/two-factor/confirm',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['account'],
        summary:
          'Turn two-factor sign-in on with a first code from the app; answers the recovery codes once',
        body: totpCodeRequestSchema,
        response: { 200: recoveryCodesSchema, 400: e, 401: e, 403: e, 409: e },
      },
    },
    async (request, reply) => {
      const staff = signedInStaff(request);
      const outcome = await confirmEnrolment(deps, staff.id, request.body.code);
      if (!outcome.ok) throw await enrolmentRefusal(audit, request, staff, outcome.reason);
      await audit(request, 'two-factor.enable', {
        subject: staff.id,
        details: { email: staff.email },
      });
      return reply.header('cache-control', 'no-store').send({
        recoveryCodes: outcome.recoveryCodes,
      });
    },
  );
}
