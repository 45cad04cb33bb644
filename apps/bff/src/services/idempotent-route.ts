import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Idempotency, RENEW_EVERY_MS, idempotencyKeyOf } from './idempotency.ts';

const rawBodies = new WeakMap<FastifyRequest, unknown>();

/**
 * preValidation hook: keeps the body as sent. Validation replaces `request.body` with the
 * parsed value (with defaults such as "expiry = now + 2 weeks"), which would make two
 * identical retries look different.
 */
export async function captureRawBody(request: FastifyRequest) {
  if (request.body !== undefined) rawBodies.set(request, request.body);
}

/** The app's stored answers, sealed with LEDGER_KEY; a create route's plugin builds it once. */
export const idempotencyOf = (app: FastifyInstance) =>
  new Idempotency(app.repos.idempotency, app.ledgerKeys, app.now);

export interface RouteResult<T> {
  statusCode: number;
  body: T;
}

/**
 * Runs `work` once per (staff, scope, Idempotency-Key). Without the header it simply runs.
 * The claim is renewed while `work` runs; a failure releases the key so the client may retry;
 * a success is replayed for 10 minutes.
 */
async function withIdempotency<T>(
  idempotency: Idempotency,
  request: FastifyRequest,
  scope: string,
  work: () => Promise<RouteResult<T>>,
): Promise<RouteResult<T>> {
  const key = idempotencyKeyOf(request);
  if (key === undefined || !request.staff) return work();
  const attempt = await idempotency.begin<T>(
    { staffId: request.staff.id, scope, key },
    rawBodies.get(request) ?? null,
  );
  if (attempt.kind === 'replay') {
    request.log.info({ scope }, 'idempotent replay');
    return { statusCode: attempt.statusCode, body: attempt.body };
  }
  // Keeps the claim while the work runs; a failed renewal is retried at the next tick.
  const renewal = setInterval(() => {
    attempt.renew().then(
      (held) => held || request.log.warn({ scope }, 'idempotency key taken over by a retry'),
      (e: unknown) => request.log.warn({ err: e }, 'renewing the idempotency key failed'),
    );
  }, RENEW_EVERY_MS);
  renewal.unref();
  let result: RouteResult<T>;
  try {
    result = await work();
  } catch (error) {
    await attempt
      .abandon()
      .catch((e: unknown) => request.log.warn({ err: e }, 'releasing idempotency key failed'));
    throw error;
  } finally {
    clearInterval(renewal);
  }
  // The work is done and must reach the caller even if remembering it fails.
  await attempt
    .finish(result.statusCode, result.body)
    .catch((e: unknown) => request.log.error({ err: e }, 'storing the idempotent answer failed'));
  return result;
}

/**
 * A create route's work, run once per Idempotency-Key: what `create` made (201), or the answer
 * to the first request with that key. Routes build the `Idempotency` once per plugin.
 */
export async function createOnce<T>(
  idempotency: Idempotency,
  request: FastifyRequest,
  scope: string,
  create: () => Promise<T>,
): Promise<T> {
  const result = await withIdempotency(idempotency, request, scope, async () => ({
    statusCode: 201,
    body: await create(),
  }));
  return result.body;
}

/**
 * Work that starts something (a job, a retry of a batch's rows), run once per Idempotency-Key:
 * its answer (`statusCode`), or the answer to the first request with that key, so that a
 * request sent again after its answer was lost follows what the first one started.
 */
export async function runOnce<T>(
  idempotency: Idempotency,
  request: FastifyRequest,
  scope: string,
  statusCode: number,
  work: () => Promise<T>,
): Promise<T> {
  const result = await withIdempotency(idempotency, request, scope, async () => ({
    statusCode,
    body: await work(),
  }));
  return result.body;
}
