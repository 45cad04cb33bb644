import {
  createTokenRequestSchema,
  createTokenResponseSchema,
  errorBodySchema,
  inspectRequestSchema,
  inspectResponseSchema,
  tokenListQuerySchema,
  tokenListSchema,
  tokenRecordSchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toTokenRecord } from '../../../db/repositories/ledger-record.ts';
import { notFound } from '../../../lib/errors.ts';
import { createOnce, idempotencyOf } from '../../../services/idempotent-route.ts';
import { mintToken } from '../../../services/tokens/create.ts';
import { tokenServiceDeps } from '../../../services/tokens/deps.ts';
import { inspectToken } from '../../../services/tokens/inspect.ts';
import { listTokens } from '../../../services/tokens/list.ts';
import { revokeAs } from '../../../services/tokens/revoke.ts';
import { settleOnOpen } from '../../../services/tokens/settle-revocation.ts';
import { staffActor } from '../actor.ts';
import { tokenIdParams } from '../id-params.ts';
import { tokenOperationRoutes } from './operations.ts';

const e = errorBodySchema;

export async function tokenRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const idempotency = idempotencyOf(app);
  const deps = tokenServiceDeps(app);
  const streams = app.streamDirectory;
  tokenOperationRoutes(app, deps, streams);

  api.post(
    '/tokens',
    {
      preValidation: app.guard('createToken'),
      config: {
        rateLimit: {
          max: app.config.limits.tokenCreatePerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => `staff:${request.staff?.id ?? request.ip}`,
        },
      },
      schema: {
        tags: ['tokens'],
        summary: 'Create a playback token (returned once). Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        // Built per app so "is the expiry in the future" reads the app's clock.
        body: createTokenRequestSchema(app.now),
        response: {
          201: createTokenResponseSchema,
          400: e,
          401: e,
          403: e,
          409: e,
          422: e,
          429: e,
          502: e,
          503: e,
          504: e,
        },
      },
    },
    async (request, reply) => {
      const created = await createOnce(idempotency, request, 'tokens.create', () =>
        mintToken(deps, staffActor(request), request.body),
      );
      // The token is in this body: no cache, no intermediary copies.
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  api.get(
    '/tokens',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['tokens'],
        summary: 'The ledger of issued tokens (never the tokens themselves)',
        querystring: tokenListQuerySchema,
        response: { 200: tokenListSchema, 400: e, 401: e },
      },
      // The server's own time for the answer (parsing to serializing), for browsers' dev tools
      // and the benchmark.
      onSend: async (_request, reply, payload) => {
        reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
        return payload;
      },
    },
    async (request) => listTokens(deps, request.query, streams),
  );

  api.get(
    '/tokens/:id',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['tokens'],
        summary: 'One ledger record',
        params: tokenIdParams,
        response: { 200: tokenRecordSchema, 400: e, 401: e, 404: e },
      },
    },
    async (request) => {
      let row = await deps.repos.ledger.byId(request.params.id);
      if (!row) throw notFound('The token');
      if (await settleOnOpen(deps, request.log, row)) row = await deps.repos.ledger.byId(row.id);
      if (!row) throw notFound('The token');
      return toTokenRecord(row, deps.now());
    },
  );

  api.post(
    '/tokens/:id/revoke',
    {
      preValidation: app.guard('revokeToken'),
      schema: {
        tags: ['tokens'],
        summary:
          'Revoke a revocable token at the token service (editors: the tokens they created; admins: any)',
        params: tokenIdParams,
        response: {
          200: tokenRecordSchema,
          400: e,
          401: e,
          403: e,
          404: e,
          409: e,
          502: e,
          504: e,
        },
      },
    },
    async (request) => revokeAs(deps, staffActor(request), request.params.id),
  );

  api.post(
    '/tokens/inspect',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['tokens'],
        summary: 'Decode a token and ask the token service whether it is valid',
        body: inspectRequestSchema,
        response: { 200: inspectResponseSchema, 400: e, 401: e, 502: e, 504: e },
      },
    },
    async (request, reply) => {
      const result = await inspectToken(deps, request.body.token);
      return reply.header('cache-control', 'no-store').send(result);
    },
  );
}
