import {
  createStreamRequestSchema,
  errorBodySchema,
  streamListQuerySchema,
  streamListSchema,
  streamSchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestAudit } from '../../../services/audit.ts';
import { readOnlyCredential } from '../../../services/credential-role.ts';
import { createOnce, idempotencyOf } from '../../../services/idempotent-route.ts';
import { listStreams } from './list.ts';
import { ABR_PROFILES, toStream } from './mapping.ts';
import { streamIdParams } from '../id-params.ts';

const upstreamErrors = { 401: errorBodySchema, 502: errorBodySchema, 504: errorBodySchema };

export async function streamRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const idempotency = idempotencyOf(app);
  const audit = requestAudit(app.repos.audit);

  api.get(
    '/streams',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['streams'],
        summary:
          'List streams (newest first). `search` matches names within the newest 1500 streams.',
        querystring: streamListQuerySchema,
        response: { 200: streamListSchema, 400: errorBodySchema, ...upstreamErrors },
      },
    },
    async (request) => listStreams(app.nanostream, request.query),
  );

  api.get(
    '/streams/:id',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['streams'],
        summary: 'One stream',
        params: streamIdParams,
        response: {
          200: streamSchema,
          400: errorBodySchema,
          404: errorBodySchema,
          ...upstreamErrors,
        },
      },
    },
    async (request) => toStream(await app.nanostream.getStream(request.params.id)),
  );

  api.post(
    '/streams',
    {
      preValidation: app.guard('createStream'),
      schema: {
        tags: ['streams'],
        summary:
          'Create a stream; `abr: true` creates a group with renditions. Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        body: createStreamRequestSchema,
        response: {
          201: streamSchema,
          400: errorBodySchema,
          403: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
          ...upstreamErrors,
        },
      },
    },
    async (request, reply) => {
      if ((await app.credentialRole()) === 'nanoReadOnly') {
        throw readOnlyCredential('create streams');
      }
      const created = await createOnce(idempotency, request, 'streams.create', async () => {
        const { tags, abr } = request.body;
        const created = await app.nanostream.createStream({
          tags,
          ...(abr ? { transcodes: ABR_PROFILES.map((profile) => ({ profile })) } : {}),
        });
        const stream = toStream(created);
        await audit(request, 'stream.create', {
          subject: stream.id,
          details: { name: stream.name, abr, tags },
        });
        return stream;
      });
      return reply.code(201).send(created);
    },
  );
}
