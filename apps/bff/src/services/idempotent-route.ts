import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Idempotency, idempotencyKeyOf } from './idempotency.ts';

const rawBodies = new WeakMap<FastifyRequest, unknown>();

/**
 * preValidation hook: keeps the body as sent. Validation replaces `request.body` with the
 * parsed value (with defaults such as "expiry = now + 2 weeks"), which would make two
 * identical retries look different.
 */
export async function captureRawBody(request: FastifyRequest) {
  if (request.body !== undefined) rawBodies.set(request, request.body);
}

export interface RouteResult<T> {
  statusCode: number;
  body: T;
}

/**
 * Runs `work` once per (staff, scope, Idempotency-Key). Without the header it simply runs.
 * A failure releases the key so the client may retry; a success is replayed for 10 minutes.
 */
export async function withIdempotency<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  scope: string,
  work: () => Promise<RouteResult<T>>,
): Promise<RouteResult<T>> {
  const key = idempotencyKeyOf(request);
  if (key === undefined || !request.staff) return work();
  const idempotency = new Idempotency(app.repos.idempotency, app.ledgerKeys, app.now);
  const attempt = await idempotency.begin<T>(
    { staffId: request.staff.id, scope, key },
    rawBodies.get(request) ?? null,
  );
  if (attempt.kind === 'replay') {
    request.log.info({ scope }, 'idempotent replay');
    return { statusCode: attempt.statusCode, body: attempt.body };
  }
  let result: RouteResult<T>;
  try {
    result = await work();
  } catch (error) {
    await attempt
      .abandon()
      .catch((e: unknown) => request.log.warn({ err: e }, 'releasing idempotency key failed'));
    throw error;
  }
  // The work is done and must reach the caller even if remembering it fails.
  await attempt
    .finish(result.statusCode, result.body)
    .catch((e: unknown) => request.log.error({ err: e }, 'storing the idempotent answer failed'));
  return result;
}
