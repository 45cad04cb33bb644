import { auditListQuerySchema, auditListSchema, errorBodySchema } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export async function auditRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit',
    {
      preValidation: app.guard('readAudit'),
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first. `actor` is a staff id or an email.',
        querystring: auditListQuerySchema,
        response: {
          200: auditListSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => app.repos.audit.list(request.query),
  );
}
