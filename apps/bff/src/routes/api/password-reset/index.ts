import {
  errorBodySchema,
  resetLinkCheckRequestSchema,
  resetLinkInfoSchema,
  setPasswordRequestSchema,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestAudit } from '../../../services/audit.ts';
import { assertGoodPassword } from '../../../services/credentials/password-policy.ts';
import { replacePassword } from '../../../services/credentials/replace-password.ts';
import {
  findResetLink,
  linkRefusal,
  type LinkProblem,
} from '../../../services/credentials/reset-links.ts';
import { credentialDeps } from '../../../services/credentials/deps.ts';

const e = errorBodySchema;

/**
 * The set-password page's routes: public (the link is the authority), so like sign-in they
 * check the Origin only, and they are rate limited per address like it. The secret comes in
 * the body, never in a URL.
 */
export async function passwordResetRoutes(app: FastifyInstance) {
  const deps = credentialDeps(app);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const audit = requestAudit(app.repos.audit);
  const config = {
    csrf: 'origin-only' as const,
    rateLimit: { max: app.config.limits.signInPerMinute, timeWindow: 60_000 },
  };

  async function refuse(
    request: FastifyRequest,
    step: 'check' | 'set',
    problem: LinkProblem,
    staffId: string | undefined,
  ) {
    await audit(request, 'password.reset-failed', {
      actorId: null,
      subject: staffId ?? null,
      details: { reason: problem, step },
    });
    return linkRefusal(problem);
  }

  api.post(
    '/password-reset/check',
    {
      config,
      schema: {
        tags: ['account'],
        summary: 'Whose set-password link this is, and until when it works',
        body: resetLinkCheckRequestSchema,
        response: { 200: resetLinkInfoSchema, 400: e, 403: e, 404: e, 410: e, 429: e },
      },
    },
    async (request) => {
      const found = await findResetLink(deps, request.body.token);
      if (!found.ok) throw await refuse(request, 'check', found.problem, found.staffId);
      return {
        email: found.staff.email,
        displayName: found.staff.display_name,
        expiresAt: new Date(found.row.expires_at).toISOString(),
      };
    },
  );

  api.post(
    '/password-reset',
    {
      config,
      schema: {
        tags: ['account'],
        summary:
          'Set a new password with a set-password link (once); every session of the account ends',
        body: setPasswordRequestSchema,
        response: {
          204: z.null().describe('Password set'),
          400: e,
          403: e,
          404: e,
          410: e,
          429: e,
        },
      },
    },
    async (request, reply) => {
      const { token, password } = request.body;
      const found = await findResetLink(deps, token);
      if (!found.ok) throw await refuse(request, 'set', found.problem, found.staffId);
      const { row, staff } = found;
      assertGoodPassword(password, 'password', 'Password', {
        email: staff.email,
        displayName: staff.display_name,
      });
      // Of two requests with the same link, one sets the password; the other finds it used.
      if (!(await app.repos.passwordResets.use(row.id, app.now()))) {
        throw await refuse(request, 'set', 'used', staff.id);
      }
      const { live } = await replacePassword(deps, staff, password, {
        reason: 'password-reset',
        endedBy: staff.id,
      });
      await audit(request, 'password.reset', {
        actorId: staff.id,
        subject: staff.id,
        details: { email: staff.email, link: row.id, sessionsEnded: live.length },
      });
      return reply.code(204).send(null);
    },
  );
}
