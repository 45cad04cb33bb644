import cors from '@fastify/cors';
import {
  playbackTokenRequestSchema,
  requestOrigin,
  type PlaybackTokenRequest,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { policyOrigins, type PolicyRow } from '../../db/repositories/policy-record.ts';
import { HttpError } from '../../lib/errors.ts';

/** The policy a request names (memoised per request: the route asks again). */
export type PolicyOf = (request: FastifyRequest, body: PlaybackTokenRequest) => Promise<PolicyRow>;

/** Whether the request is already over its address's limit (counted before CORS). */
export type OverLimit = (request: FastifyRequest) => boolean;

/**
 * Whether a browser page of the request's Origin may read the answer. A preflight has no body:
 * then any enabled policy listing the origin will do. A request's own policy decides once the
 * body names one; without one (a bad body, an unknown policy) sites some enabled policy lists
 * may read what went wrong.
 */
async function originAllowed(
  app: FastifyInstance,
  request: FastifyRequest,
  policyOf: PolicyOf,
  overLimit: OverLimit,
) {
  const header = request.headers.origin;
  const site = typeof header === 'string' ? requestOrigin(header) : null;
  if (!site) return false;
  if (request.method === 'OPTIONS') {
    if (request.headers['access-control-request-method'] !== 'POST') return false;
    return app.repos.policies.cachedAnyEnabledAllows(site.origin);
  }
  // Refused next (429) whatever it names: sites some enabled policy lists may read that. The
  // policy it names is not looked up.
  if (overLimit(request)) return app.repos.policies.cachedAnyEnabledAllows(site.origin);
  const body = playbackTokenRequestSchema.safeParse(request.body);
  if (body.success) {
    try {
      return policyOrigins(await policyOf(request, body.data)).includes(site.origin);
    } catch (error) {
      // The route answers it (404, 409) in its turn.
      if (!(error instanceof HttpError)) throw error;
    }
  }
  return app.repos.policies.cachedAnyEnabledAllows(site.origin);
}

/**
 * CORS of the public token endpoint, by @fastify/cors. It runs once the body is parsed
 * (preValidation), so the policy the body names is known, and before the route's own checks,
 * so their refusals (429 included) are readable by the pages that may read answers at all.
 * Register it inside the endpoint's prefix: its catch-all OPTIONS route stays there.
 */
export async function playbackCors(app: FastifyInstance, policyOf: PolicyOf, overLimit: OverLimit) {
  await app.register(cors, {
    hook: 'preValidation',
    delegator: async (request: FastifyRequest) => ({
      origin: (await originAllowed(app, request, policyOf, overLimit))
        ? request.headers.origin
        : false,
      methods: 'POST',
      allowedHeaders: 'content-type, authorization',
      exposedHeaders: 'retry-after',
      maxAge: 600,
    }),
  });
}
