import {
  errorBodySchema,
  playbackPolicySchema,
  policyListSchema,
  policyRequestSchema,
  updatePolicyRequestSchema,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toPolicy } from '../../../db/repositories/policy-record.ts';
import { notFound } from '../../../lib/errors.ts';
import { createOnce, idempotencyOf } from '../../../services/idempotent-route.ts';
import { policyDeps } from '../../../services/policies/deps.ts';
import { createPolicy, setPolicyEnabled, updatePolicy } from '../../../services/policies/save.ts';
import { staffActor } from '../actor.ts';
import { policyIdParams } from '../id-params.ts';

const e = errorBodySchema;

/**
 * Playback policies: everyone signed in reads them, editors and admins write. The identity
 * secret goes in, never out: answers say only whether one is set.
 */
export async function policyRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const deps = policyDeps(app);
  const idempotency = idempotencyOf(app);

  api.get(
    '/policies',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['policies'],
        summary: 'Every playback policy (a short list: no paging)',
        response: { 200: policyListSchema, 401: e },
      },
    },
    async () => (await app.repos.policies.list()).map(toPolicy),
  );

  api.get(
    '/policies/:id',
    {
      preValidation: app.guard(),
      schema: {
        tags: ['policies'],
        summary: 'One playback policy',
        params: policyIdParams,
        response: { 200: playbackPolicySchema, 400: e, 401: e, 404: e },
      },
    },
    async (request) => {
      const row = await app.repos.policies.byId(request.params.id);
      if (!row) throw notFound('The playback policy');
      return toPolicy(row);
    },
  );

  api.post(
    '/policies',
    {
      preValidation: app.guard('managePolicies'),
      preHandler: app.recentProof('create a playback policy'),
      schema: {
        tags: ['policies'],
        summary: 'Create a playback policy. Honours Idempotency-Key.',
        headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
        body: policyRequestSchema,
        response: { 201: playbackPolicySchema, 400: e, 401: e, 403: e, 409: e, 422: e },
      },
    },
    async (request, reply) => {
      const created = await createOnce(idempotency, request, 'policies.create', () =>
        createPolicy(deps, staffActor(request), request.body),
      );
      return reply.code(201).send(created);
    },
  );

  api.put(
    '/policies/:id',
    {
      preValidation: app.guard('managePolicies'),
      preHandler: app.recentProof('change a playback policy'),
      schema: {
        tags: ['policies'],
        summary: 'Replace a playback policy (an absent identity secret keeps the stored one)',
        params: policyIdParams,
        body: updatePolicyRequestSchema,
        response: { 200: playbackPolicySchema, 400: e, 401: e, 403: e, 404: e },
      },
    },
    async (request) => updatePolicy(deps, staffActor(request), request.params.id, request.body),
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    api.post(
      `/policies/:id/${action}`,
      {
        preValidation: app.guard('managePolicies'),
        preHandler: app.recentProof(`${action} a playback policy`),
        schema: {
          tags: ['policies'],
          summary: enabled
            ? 'Enable a playback policy'
            : 'Disable a playback policy: its endpoint refuses every request at once',
          params: policyIdParams,
          response: { 200: playbackPolicySchema, 400: e, 401: e, 403: e, 404: e },
        },
      },
      async (request) => setPolicyEnabled(deps, staffActor(request), request.params.id, enabled),
    );
  }
}
