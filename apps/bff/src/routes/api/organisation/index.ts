import { errorBodySchema, organisationSchema } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export async function organisationRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/organisation',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['organisation'],
        summary: 'The organisation behind the configured credential',
        response: {
          200: organisationSchema,
          401: errorBodySchema,
          502: errorBodySchema,
          504: errorBodySchema,
        },
      },
    },
    async () => app.organisation(),
  );
}
