import { endSessionsResponseSchema, errorBodySchema, staffSessionListSchema } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../lib/errors.ts';
import { staffIdParams, staffSessionParams } from '../id-params.ts';
import { sessionActions } from '../sessions/actions.ts';

const e = errorBodySchema;

/** Admins see and end any staff member's sessions. */
export async function staffSessionRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const actions = sessionActions(app);
  const member = async (id: string) => {
    const row = await app.repos.staff.byId(id);
    if (!row) throw notFound('The staff account');
    return row;
  };

  api.get(
    '/staff/:id/sessions',
    {
      preValidation: app.guard('manageStaff'),
      schema: {
        tags: ['staff'],
        summary: 'A staff member’s signed-in sessions, most recent first',
        params: staffIdParams,
        response: { 200: staffSessionListSchema, 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request) => actions.list(request, await member(request.params.id)),
  );

  api.delete(
    '/staff/:id/sessions/:sessionId',
    {
      preValidation: app.guard('manageStaff'),
      schema: {
        tags: ['staff'],
        summary: 'Sign a staff member out of one session',
        params: staffSessionParams,
        response: { 204: z.null().describe('Signed out'), 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request, reply) => {
      const owner = await member(request.params.id);
      await actions.endOne(request, owner, request.params.sessionId);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/staff/:id/sessions/end-all',
    {
      preValidation: app.guard('manageStaff'),
      schema: {
        tags: ['staff'],
        summary: 'Sign a staff member out everywhere',
        params: staffIdParams,
        response: { 200: endSessionsResponseSchema, 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request) =>
      actions.endMany(request, await member(request.params.id), { keepCurrent: false }),
  );
}
