import {
  createStaffRequestSchema,
  errorBodySchema,
  staffSchema,
  updateStaffRequestSchema,
} from '@ptd/contracts';
import type { Role } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toStaff } from '../../../db/repositories/staff.ts';
import { conflict, notFound } from '../../../lib/errors.ts';
import { requestAudit } from '../../../services/audit.ts';
import { assertGoodPassword } from '../../../services/credentials/password-policy.ts';
import { endSessions, sessionEnder } from '../../../services/sessions/end.ts';
import { staffIdParams } from '../id-params.ts';

const e = errorBodySchema;

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export async function staffRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const audit = requestAudit(app.repos.audit);
  const { staff } = app.repos;
  const sessions = sessionEnder(app);

  api.get(
    '/staff',
    {
      preValidation: app.guard('manageStaff'),
      schema: {
        tags: ['staff'],
        summary: 'All staff accounts (a short list: no paging)',
        response: { 200: z.array(staffSchema), 401: e, 403: e },
      },
    },
    async () => (await staff.list()).map(toStaff),
  );

  api.post(
    '/staff',
    {
      preValidation: app.guard('manageStaff'),
      preHandler: app.recentProof('add staff'),
      schema: {
        tags: ['staff'],
        summary: 'Create a staff account with an initial password',
        body: createStaffRequestSchema,
        response: { 201: staffSchema, 400: e, 401: e, 403: e, 409: e },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (await staff.byEmail(body.email)) {
        throw conflict('email-taken', 'A staff account with this email already exists.');
      }
      assertGoodPassword(body.password, 'password', 'Initial password', body);
      const row = await staff.insert({
        id: crypto.randomUUID(),
        email: body.email,
        display_name: body.displayName,
        password_hash: await app.passwords.hash(body.password, 'known'),
        role: body.role,
        disabled: 0,
        created_at: app.now(),
        last_sign_in_at: null,
        password_changed_at: app.now(),
      });
      await audit(request, 'staff.create', {
        subject: row.id,
        details: { email: row.email, role: row.role },
      });
      return reply.code(201).send(toStaff(row));
    },
  );

  api.patch(
    '/staff/:id',
    {
      preValidation: app.guard('manageStaff'),
      preHandler: app.recentProof('change a staff member’s role or access'),
      schema: {
        tags: ['staff'],
        summary:
          'Change a role or disable / enable an account (disabling or a lower role signs the account out everywhere)',
        params: staffIdParams,
        body: updateStaffRequestSchema,
        response: { 200: staffSchema, 400: e, 401: e, 403: e, 404: e, 409: e },
      },
    },
    async (request) => {
      const target = await staff.byId(request.params.id);
      if (!target) throw notFound('The staff account');
      const { role, disabled } = request.body;
      // Never leave the dashboard without an active admin (no one could manage staff again),
      // however many admins step down at the same moment.
      const updated = await staff.updateKeepingAnAdmin(target.id, {
        ...(role !== undefined ? { role } : {}),
        ...(disabled !== undefined ? { disabled: disabled ? 1 : 0 } : {}),
      });
      if (updated === 'last-admin') {
        throw conflict(
          'last-admin',
          'This is the last active admin. Make someone else admin first.',
        );
      }
      if (!updated) throw notFound('The staff account');
      // Sessions carry no role, but one begun with more rights should not outlive them.
      const why =
        disabled === true && !target.disabled
          ? 'account-disabled'
          : role !== undefined && RANK[role] < RANK[target.role]
            ? 'role-lowered'
            : undefined;
      const ended = why
        ? await endSessions(sessions, { staffId: target.id }, why, request.staff?.id ?? null)
        : undefined;
      // Nor do its unused set-password links and unfinished sign-ins: enabling the account
      // again must not hand it to whoever held one.
      if (why === 'account-disabled') {
        await app.repos.passwordResets.withdraw(target.id);
        await app.repos.pendingSignIns.removeFor(target.id);
      }
      // An admin who stepped down signed themselves out too: the answer clears their cookie.
      if (ended?.ended.some((row) => row.id === request.staffSession?.id)) {
        request.session.delete();
      }
      await audit(request, 'staff.update', {
        subject: target.id,
        details: {
          email: target.email,
          ...(role !== undefined ? { role: { from: target.role, to: role } } : {}),
          ...(disabled !== undefined
            ? { disabled: { from: Boolean(target.disabled), to: disabled } }
            : {}),
          ...(ended ? { sessionsEnded: ended.live.length } : {}),
        },
      });
      return toStaff(updated);
    },
  );
}
