import {
  auditFilterSchema,
  auditListQuerySchema,
  auditListSchema,
  errorBodySchema,
  exportFileName,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachment } from '../../../services/exports/csv.ts';
import { auditExportNameParts, exportAudit } from '../../../services/exports/audit-export.ts';
import { tokenServiceDeps } from '../../../services/tokens/deps.ts';
import { staffActor } from '../actor.ts';

export async function auditRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const deps = tokenServiceDeps(app);
  api.get(
    '/audit',
    {
      preValidation: app.guard('readAudit'),
      schema: {
        tags: ['audit'],
        summary:
          'The audit log, newest first. `actor` is a staff id or an email; `from`/`to` bound the time (both included).',
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

  // Who may read the log may take it away; an editor, who may not read it, may not export it.
  api.get(
    '/audit/export.csv',
    {
      preValidation: app.guard('readAudit'),
      schema: {
        tags: ['audit'],
        summary: 'The filtered audit log as CSV (UTF-8 with BOM), streamed. Audited.',
        querystring: auditFilterSchema,
        response: {
          200: z.any().describe('text/csv'),
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          attachment(exportFileName('audit', app.now(), auditExportNameParts(request.query))),
        )
        .header('cache-control', 'no-store');
      // HEAD (answered by this route too): the headers only; nothing is read, nothing audited.
      if (request.method === 'HEAD') return reply.send();
      return reply.send(exportAudit(deps, staffActor(request), request.query));
    },
  );
}
