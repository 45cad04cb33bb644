import {
  BULK_BATCH_ID,
  bulkBatchListQuerySchema,
  bulkBatchListSchema,
  bulkBatchRequestSchema,
  bulkBatchSchema,
  bulkPreviewSchema,
  errorBodySchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cancelBatch,
  createBatch,
  getBatch,
  listBatches,
  previewBatch,
  resumeBatch,
  retryBatch,
} from '../../../services/bulk/batches.ts';
import { bulkDeps } from '../../../services/bulk/deps.ts';
import { downloadResults } from '../../../services/bulk/results.ts';
import { createOnce, idempotencyOf, runOnce } from '../../../services/idempotent-route.ts';
import { staffActor } from '../actor.ts';

const e = errorBodySchema;

/**
 * 10,000 rows of six cells of up to 512 characters would be 30 MB; real lists are a few
 * hundred bytes a row. 4 MB holds 10,000 full rows with room to spare, and no more.
 */
export const BATCH_BODY_LIMIT = 4 * 1024 * 1024;

/** Batches: time-ordered UUIDv7 (lib/ids.ts). */
const batchIdParams = z.object({
  id: z.string().regex(BULK_BATCH_ID, {
    error: 'A batch id is a UUID such as 019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21.',
  }),
});

/**
 * Tokens in bulk: preview, create (minted by the worker), follow, cancel, retry, mint the
 * cancelled rows, download once.
 */
export async function tokenBatchRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const idempotency = idempotencyOf(app);
  const deps = bulkDeps(app);
  const streams = app.streamDirectory;

  api.post(
    '/token-batches/preview',
    {
      // Before the body is read too: up to 4 MB of JSON is parsed for no one otherwise.
      onRequest: app.guard('createToken'),
      preValidation: app.guard('createToken'),
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['token batches'],
        summary: 'Judge every row of a batch as the token rules would; nothing is stored',
        body: bulkBatchRequestSchema,
        response: { 200: bulkPreviewSchema, 400: e, 401: e, 403: e, 413: e },
      },
    },
    async (request) => previewBatch(deps, request.body),
  );

  api.post(
    '/token-batches',
    {
      // Before the body is read too: up to 4 MB of JSON is parsed for no one otherwise.
      onRequest: app.guard('createToken'),
      preValidation: app.guard('createToken'),
      bodyLimit: BATCH_BODY_LIMIT,
      config: {
        rateLimit: {
          max: app.config.limits.tokenCreatePerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => `batch:${request.staff?.id ?? request.ip}`,
        },
      },
      schema: {
        tags: ['token batches'],
        summary:
          'Create a batch of tokens; the server mints its rows in the background. Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        body: bulkBatchRequestSchema,
        response: {
          201: bulkBatchSchema,
          400: e,
          401: e,
          403: e,
          409: e,
          413: e,
          422: e,
          429: e,
          502: e,
          504: e,
        },
      },
    },
    async (request, reply) => {
      const created = await createOnce(idempotency, request, 'token-batches.create', () =>
        createBatch(deps, app.bulkWorker, staffActor(request), request.body),
      );
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/token-batches',
    {
      preValidation: app.guard('createToken'),
      schema: {
        tags: ['token batches'],
        summary:
          'Recent batches, newest first: your own (admins: everyone’s, with who created each), with state, counts and whether the results were downloaded; never a token',
        querystring: bulkBatchListQuerySchema,
        response: { 200: bulkBatchListSchema, 400: e, 401: e, 403: e },
      },
    },
    async (request) => listBatches(deps, staffActor(request), request.query),
  );

  api.get(
    '/token-batches/:id',
    {
      preValidation: app.guard('createToken'),
      schema: {
        tags: ['token batches'],
        summary: 'A batch: its progress, failed rows and whether its tokens can be downloaded',
        params: batchIdParams,
        response: { 200: bulkBatchSchema, 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request) => getBatch(deps, staffActor(request), request.params.id),
  );

  api.post(
    '/token-batches/:id/cancel',
    {
      preValidation: app.guard('createToken'),
      schema: {
        tags: ['token batches'],
        summary: 'Stop minting: rows not started stay unminted',
        params: batchIdParams,
        response: { 200: bulkBatchSchema, 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request) => cancelBatch(deps, staffActor(request), request.params.id),
  );

  api.post(
    '/token-batches/:id/retry',
    {
      preValidation: app.guard('createToken'),
      schema: {
        tags: ['token batches'],
        summary:
          'Mint the failed rows again (only before the results were downloaded or erased). Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        params: batchIdParams,
        response: { 200: bulkBatchSchema, 400: e, 401: e, 403: e, 404: e, 409: e, 422: e },
      },
    },
    async (request) => {
      const { id } = request.params;
      // The key is the batch's: the same key on another batch is another retry.
      return runOnce(idempotency, request, `token-batches.retry:${id}`, 200, () =>
        retryBatch(deps, app.bulkWorker, staffActor(request), id),
      );
    },
  );

  api.post(
    '/token-batches/:id/resume',
    {
      preValidation: app.guard('createToken'),
      schema: {
        tags: ['token batches'],
        summary:
          'Mint the rows a cancel left unminted (only before the results were downloaded or erased). Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        params: batchIdParams,
        response: { 200: bulkBatchSchema, 400: e, 401: e, 403: e, 404: e, 409: e, 422: e },
      },
    },
    async (request) => {
      const { id } = request.params;
      // The key is the batch's, as a retry's.
      return runOnce(idempotency, request, `token-batches.resume:${id}`, 200, () =>
        resumeBatch(deps, app.bulkWorker, staffActor(request), id),
      );
    },
  );

  api.post(
    '/token-batches/:id/results',
    {
      preValidation: app.guard('createToken'),
      schema: {
        tags: ['token batches'],
        summary:
          'The tokens as CSV (user id, tag, token, web playout URL, expires at in UTC), once; then 410. The tokens are erased with it.',
        params: batchIdParams,
        response: { 200: z.string(), 400: e, 401: e, 403: e, 404: e, 409: e, 410: e },
      },
    },
    async (request, reply) => {
      const csv = await downloadResults(deps, staffActor(request), request.params.id, streams);
      return reply
        .header('cache-control', 'no-store')
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="tokens-${request.params.id.slice(-12)}.csv"`,
        )
        .send(csv);
    },
  );
}
