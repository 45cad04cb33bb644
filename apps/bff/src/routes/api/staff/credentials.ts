import {
  endSessionsResponseSchema,
  errorBodySchema,
  passwordResetLinkSchema,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { conflict, notFound } from '../../../lib/errors.ts';
import { requestAudit } from '../../../services/audit.ts';
import { issueResetLink } from '../../../services/credentials/reset-links.ts';
import { removeTwoFactor, twoFactorOn } from '../../../services/credentials/two-factor.ts';
import { endSessions } from '../../../services/sessions/end.ts';
import { assertLocalAccount } from '../../../services/sso/local-credentials.ts';
import { staffIdParams } from '../id-params.ts';
import { credentialDeps } from '../../../services/credentials/deps.ts';

const e = errorBodySchema;

/** Where links point: PUBLIC_ORIGIN, else the origin the admin's request came to. */
const originOf = (app: FastifyInstance, request: FastifyRequest) =>
  app.config.publicOrigin ?? new URL(`${request.protocol}://${request.host}`).origin;

/** Admins help a staff member back in: a set-password link, or two-factor removed. */
export async function staffCredentialRoutes(app: FastifyInstance) {
  const deps = credentialDeps(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const audit = requestAudit(app.repos.audit);

  /**
   * Someone else's account. One's own goes through the account menu, which asks for the
   * current password: a borrowed admin session must not get around that.
   */
  async function other(request: FastifyRequest, id: string, what: string) {
    const row = await app.repos.staff.byId(id);
    if (!row) throw notFound('The staff account');
    if (row.id === request.staff?.id) {
      throw conflict('own-account', `${what} your own account from the account menu.`);
    }
    return row;
  }

  api.post(
    '/staff/:id/password-reset',
    {
      preValidation: app.guard('manageStaff'),
      preHandler: app.recentProof('make a set-password link'),
      schema: {
        tags: ['staff'],
        summary:
          'A one-time set-password link for a staff member (shown once, works for an hour); earlier unused links stop working',
        params: staffIdParams,
        response: { 201: passwordResetLinkSchema, 400: e, 401: e, 403: e, 404: e, 409: e },
      },
    },
    async (request, reply) => {
      const member = await other(request, request.params.id, 'Change the password of');
      assertLocalAccount(member, 'their password is changed');
      if (member.disabled) {
        throw conflict('account-disabled', 'This account is disabled. Enable it first.');
      }
      const issued = await issueResetLink(
        deps,
        member,
        request.staff?.id ?? null,
        originOf(app, request),
      );
      await audit(request, 'password.reset-link', {
        subject: member.id,
        details: { email: member.email, link: issued.id, expiresAt: issued.expiresAt },
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ link: issued.link, expiresAt: issued.expiresAt });
    },
  );

  api.post(
    '/staff/:id/two-factor/reset',
    {
      preValidation: app.guard('manageStaff'),
      preHandler: app.recentProof('turn off a staff member’s two-factor sign-in'),
      schema: {
        tags: ['staff'],
        summary:
          'Turn a staff member’s two-factor sign-in off (lost phone); they are signed out everywhere',
        params: staffIdParams,
        response: { 200: endSessionsResponseSchema, 400: e, 401: e, 403: e, 404: e, 409: e },
      },
    },
    async (request) => {
      const member = await other(request, request.params.id, 'Set up two-factor sign-in for');
      const wasOn = twoFactorOn(member);
      await removeTwoFactor(deps, member.id);
      const { live } = await endSessions(
        deps.sessions,
        { staffId: member.id },
        'two-factor-reset',
        request.staff?.id ?? null,
      );
      await audit(request, 'two-factor.reset', {
        subject: member.id,
        details: { email: member.email, wasOn, sessionsEnded: live.length },
      });
      return { ended: live.length };
    },
  );
}
