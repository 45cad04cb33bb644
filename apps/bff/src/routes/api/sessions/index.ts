import { endSessionsResponseSchema, errorBodySchema, staffSessionListSchema } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionIdParams } from '../id-params.ts';
import { sessionActions } from './actions.ts';
import { signedInStaff } from '../actor.ts';

const e = errorBodySchema;

/** "Your sessions": every signed-in staff member sees and ends their own. */
export async function ownSessionRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const actions = sessionActions(app);

  api.get(
    '/sessions',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['session'],
        summary: 'Your signed-in sessions (browser and device, address, times), most recent first',
        response: { 200: staffSessionListSchema, 401: e },
      },
    },
    async (request) => actions.list(request, signedInStaff(request)),
  );

  api.delete(
    '/sessions/:id',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['session'],
        summary: 'Sign out one of your sessions (this one too: then the cookie is cleared)',
        params: sessionIdParams,
        response: { 204: z.null().describe('Signed out'), 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request, reply) => {
      await actions.endOne(request, signedInStaff(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/sessions/end-others',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['session'],
        summary: 'Sign out all your other sessions; this one stays signed in',
        response: { 200: endSessionsResponseSchema, 401: e, 403: e },
      },
    },
    async (request) => actions.endMany(request, signedInStaff(request), { keepCurrent: true }),
  );
}
