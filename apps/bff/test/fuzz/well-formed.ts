import {
  bulkBatchRequestSchema,
  bulkRevocationRequestSchema,
  createStaffRequestSchema,
  inspectRequestSchema,
  playbackTokenRequestSchema,
  policyRequestSchema,
  tokenRequestSchema,
  updatePolicyRequestSchema,
  updateStaffRequestSchema,
} from '@ptd/contracts';
import fc from 'fast-check';
import type { z } from 'zod';
import type { BodyPlan, RequestPlan } from './generate.ts';
import { schemaArbitrary } from './json-schema-arbitrary.ts';
import { paramPool, type Pools } from './pools.ts';
import type { RouteSpec } from './routes.ts';
import { PoolRef } from './values.ts';

/**
 * The contract each writing route's seed body must satisfy. A route listed here gets a body
 * the BFF accepts in every run, whatever the seed and however many routes there are, so the
 * suite can require a 2xx of it. Routes missing here need an earlier step first (a pending
 * sign-in, a reset link, a TOTP code) and get a body generated from their schema instead.
 */
export const CONTRACTS: Record<string, z.ZodType> = {
  'POST /api/tokens': tokenRequestSchema,
  'POST /api/token-batches': bulkBatchRequestSchema,
  'POST /api/tokens/revocations': bulkRevocationRequestSchema,
  'POST /api/tokens/inspect': inspectRequestSchema,
  'POST /api/policies': policyRequestSchema,
  'PUT /api/policies/:id': updatePolicyRequestSchema,
  'POST /api/staff': createStaffRequestSchema,
  'PATCH /api/staff/:id': updateStaffRequestSchema,
  'POST /playback-token': playbackTokenRequestSchema,
};

/** Keeps `body` as the route's first known-good body, once its contract has accepted it. */
export function keepWellFormed(pools: Pools, key: string, body: unknown) {
  const contract = CONTRACTS[key];
  if (!contract) throw new Error(`no contract for ${key}: add it to CONTRACTS`);
  const parsed = contract.safeParse(body);
  if (!parsed.success) throw new Error(`seed body of ${key}: ${parsed.error.message}`);
  pools.keepBody(key, body);
}

/**
 * The writing routes whose well-formed request must be answered 2xx: those with a contract-checked
 * body, and those the world seeded a record in the needed state for (`Pools.keepParams`).
 */
export const wellFormedRoutes = (routes: RouteSpec[], pools: Pools) =>
  routes
    .map((route) => route.key)
    .filter((key) => key in CONTRACTS || pools.paramsOf(key) !== undefined);

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The public endpoint goes first, before a staff route switches the seeded policy off; the
 * session routes last, since ending a session signs the fuzzer's caller out (the run signs it
 * in again afterwards): ending another of the caller's sessions first, before "sign out the
 * others" ends that one too.
 */
const turn = (route: RouteSpec) =>
  !route.path.startsWith('/api')
    ? 0
    : route.path === '/api/sessions/:id'
      ? 2
      : /^\/api\/sessions?(\/|$)/.test(route.path)
        ? 3
        : 1;

/**
 * One well-formed request per writing route, sent before the random ones: an admin with the
 * CSRF token from the app's own origin (a customer's site for the public endpoint), ids of
 * records the world seeded, and the route's contract-checked seed body, or one drawn from its
 * schema with `seed`.
 */
export function wellFormedPlans(routes: RouteSpec[], pools: Pools, seed: number): RequestPlan[] {
  const writing = routes
    .filter((route) => WRITES.has(route.method) && route.operation)
    .sort((a, b) => turn(a) - turn(b));
  return writing.map((route, i) => {
    const seeded = pools.paramsOf(route.key);
    const params = Object.fromEntries(
      [...route.path.matchAll(/:(\w+)/g)].map(([, name = '']) => [
        name,
        seeded?.[name] ?? new PoolRef(paramPool(route, name), 0),
      ]),
    );
    return {
      route,
      method: route.method,
      params,
      query: [],
      headers: {},
      body: wellFormedBody(route, pools, seed + i),
      contentType: 'application/json',
      caller: 'admin',
      csrf: 'ok',
      origin: route.path.startsWith('/api') ? 'own' : 'shop',
    } satisfies RequestPlan;
  });
}

function wellFormedBody(route: RouteSpec, pools: Pools, seed: number): BodyPlan {
  if (pools.body(route.key, 0) !== undefined) {
    return { kind: 'json', value: null, mode: 'valid', corpus: 0 };
  }
  const schema = route.operation?.requestBody?.content?.['application/json']?.schema;
  if (!schema) return { kind: 'none' };
  const [value] = fc.sample(schemaArbitrary(schema), { seed, numRuns: 1 });
  return { kind: 'json', value, mode: 'valid', corpus: null };
}
