import { errorBodySchema, streamGroupsQuerySchema, streamGroupsSchema } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export async function streamGroupRoutes(app: FastifyInstance) {
  const groupNames = app.streamGroupNames;

  app.withTypeProvider<ZodTypeProvider>().get(
    '/stream-groups',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['streams'],
        summary:
          'Stream groups by their streams’ names (cached a few minutes). `name` is null for a group bintu does not know or could not be asked about just now.',
        querystring: streamGroupsQuerySchema,
        response: { 200: streamGroupsSchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request) => ({ items: await groupNames(request.query.ids) }),
  );
}
