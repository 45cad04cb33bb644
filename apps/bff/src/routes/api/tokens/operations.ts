import {
  bulkRevocationPreviewSchema,
  bulkRevocationRequestSchema,
  bulkRevocationSchema,
  errorBodySchema,
  exportFileName,
  tokenExportQuerySchema,
  tokenFilterSchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachment } from '../../../services/exports/csv.ts';
import { exportTokens, tokenExportNameParts } from '../../../services/exports/token-export.ts';
import { idempotencyOf, runOnce } from '../../../services/idempotent-route.ts';
import {
  previewBulkRevocation,
  resumeStoppedRevocations,
  retryBulkRevocation,
  startBulkRevocation,
  stopBulkRevocation,
  viewBulkRevocation,
} from '../../../services/tokens/bulk-revoke.ts';
import { BulkRevocationRunner } from '../../../services/tokens/bulk-revoke-run.ts';
import type { TokenServiceDeps } from '../../../services/tokens/deps.ts';
import type { StreamDirectory } from '../../../services/tokens/stream-directory.ts';
import { staffActor } from '../actor.ts';
import { bulkRevocationIdParams } from '../id-params.ts';

const e = errorBodySchema;

/** The overview's filters at work on every match: CSV export and revoke by filter. */
export function tokenOperationRoutes(
  app: FastifyInstance,
  deps: TokenServiceDeps,
  streams: StreamDirectory,
) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const runner = new BulkRevocationRunner(deps, app.repos.staff);
  const idempotency = idempotencyOf(app);
  // Jobs a stopped replica left running are taken over here once their heartbeat is stale.
  app.addHook('onReady', async () =>
    runner.watch(() =>
      resumeStoppedRevocations(deps, app.log, runner).catch((error: unknown) =>
        app.log.warn(
          { err: (error as Error).message },
          'looking for stopped revokes by filter failed',
        ),
      ),
    ),
  );
  app.addHook('onClose', () => runner.close());

  api.get(
    '/tokens/export.csv',
    {
      preValidation: app.guard('exportTokens'),
      schema: {
        tags: ['tokens'],
        summary:
          'The filtered overview as CSV (UTF-8 with BOM), every page, streamed; never a token. Audited.',
        querystring: tokenExportQuerySchema,
        response: { 200: z.any().describe('text/csv'), 400: e, 401: e, 403: e },
      },
    },
    async (request, reply) => {
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          attachment(exportFileName('tokens', deps.now(), tokenExportNameParts(request.query))),
        )
        .header('cache-control', 'no-store');
      // HEAD (answered by this route too): the headers only; nothing is read, nothing audited.
      if (request.method === 'HEAD') return reply.send();
      return reply.send(
        await exportTokens(deps, staffActor(request), request.query, streams, app.streamGroupNames),
      );
    },
  );

  api.get(
    '/tokens/revocations/preview',
    {
      preValidation: app.guard('revokeToken'),
      schema: {
        tags: ['tokens'],
        summary:
          'How many active revocable tokens a filter matches (editors: of their own), with a sample',
        querystring: tokenFilterSchema,
        response: { 200: bulkRevocationPreviewSchema, 400: e, 401: e, 403: e },
      },
    },
    async (request) => previewBulkRevocation(deps, staffActor(request), request.query, streams),
  );

  api.post(
    '/tokens/revocations',
    {
      preValidation: app.guard('revokeToken'),
      preHandler: app.recentProof('revoke tokens by filter'),
      schema: {
        tags: ['tokens'],
        summary:
          'Revoke every active revocable token a filter matches (editors: their own), as a job; 409 when the count changed. Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        body: bulkRevocationRequestSchema,
        response: { 202: bulkRevocationSchema, 400: e, 401: e, 403: e, 409: e, 422: e, 503: e },
      },
    },
    async (request, reply) => {
      const started = await runOnce(idempotency, request, 'tokens.revocations', 202, () =>
        startBulkRevocation(deps, staffActor(request), request.body, streams, runner),
      );
      return reply.code(202).send(started);
    },
  );

  api.get(
    '/tokens/revocations/:id',
    {
      preValidation: app.guard('revokeToken'),
      schema: {
        tags: ['tokens'],
        summary: 'A revoke by filter: its progress and outcome (its creator and admins)',
        params: bulkRevocationIdParams,
        response: { 200: bulkRevocationSchema, 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request) => viewBulkRevocation(deps, staffActor(request), request.params.id),
  );

  api.post(
    '/tokens/revocations/:id/retry',
    {
      preValidation: app.guard('revokeToken'),
      schema: {
        tags: ['tokens'],
        summary: 'Try the failed tokens of a revoke by filter again. Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        params: bulkRevocationIdParams,
        response: {
          202: bulkRevocationSchema,
          400: e,
          401: e,
          403: e,
          404: e,
          409: e,
          422: e,
          503: e,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // The key is the job's: the same key on another job is another retry.
      const retried = await runOnce(
        idempotency,
        request,
        `tokens.revocations.retry:${id}`,
        202,
        () => retryBulkRevocation(deps, staffActor(request), id, runner),
      );
      return reply.code(202).send(retried);
    },
  );

  api.post(
    '/tokens/revocations/:id/cancel',
    {
      preValidation: app.guard('revokeToken'),
      schema: {
        tags: ['tokens'],
        summary:
          'Stop revoking (its starter or an admin): revokes already sent finish, the rest stay as they are; stopping a stopped or finished one answers it as it is',
        params: bulkRevocationIdParams,
        response: { 200: bulkRevocationSchema, 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request) => stopBulkRevocation(deps, staffActor(request), request.params.id),
  );
}
