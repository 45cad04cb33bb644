import { errorBodySchema, insightsQuerySchema, insightsSchema } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eventOverview } from '../../../services/insights/overview.ts';

export async function insightRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/insights',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['tokens'],
        summary:
          'The event overview: tokens issued per hour, day and (viewer tokens) minute, in UTC buckets; active tokens by target; tokens expiring within 24 hours.',
        querystring: insightsQuerySchema,
        response: {
          200: insightsSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const overview = await eventOverview(
        app.repos.ledger.insights,
        app.now(),
        request.query.minutes,
      );
      return reply.header('cache-control', 'no-store').send(overview);
    },
  );
}
