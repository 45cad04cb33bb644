import fc from 'fast-check';
import type { Mutation } from './mutate.ts';
import { CONTENT_TYPES, bodyPlan, headersPlan, paramsPlan, queryPlan } from './request-parts.ts';
import type { RouteSpec } from './routes.ts';

export const CALLERS = ['admin', 'editor', 'viewer', 'signed-out', 'tampered'] as const;
export type Caller = (typeof CALLERS)[number];
export type Csrf = 'ok' | 'none' | 'wrong';
export type OriginKind = 'none' | 'own' | 'foreign' | 'null' | 'shop';

export type BodyPlan =
  | { kind: 'none' }
  | {
      kind: 'json';
      /** Generated from the route's schema (or any JSON, in 'random' mode). */
      value: unknown;
      mode: 'valid' | 'mutated' | 'random';
      /** Start from the pick-th body that once succeeded on this route instead, if any did. */
      corpus: number | null;
      mutation?: Mutation;
    }
  | { kind: 'text'; text: string };

/** One request before the run's ids are filled in. */
export interface RequestPlan {
  route: RouteSpec;
  method: string;
  params: Record<string, unknown>;
  query: Array<[string, unknown]>;
  headers: Record<string, unknown>;
  body: BodyPlan;
  contentType: string | null;
  caller: Caller;
  csrf: Csrf;
  origin: OriginKind;
}

/**
 * Who sends it. Mostly a caller who may (a staff member who can write, with the CSRF token, from
 * the app itself; a customer's site for the public endpoint), so that requests reach the code
 * behind the guards; otherwise any caller with any CSRF header from any origin.
 */
function contextPlan(route: RouteSpec) {
  const proper = route.path.startsWith('/api')
    ? fc.constantFrom<OriginKind>('none', 'own')
    : fc.constant<OriginKind>('shop');
  return fc.oneof(
    {
      weight: 7,
      arbitrary: fc.record({
        caller: fc.constantFrom<Caller>('admin', 'editor'),
        csrf: fc.constant<Csrf>('ok'),
        origin: proper,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        caller: fc.constantFrom<Caller>(...CALLERS),
        csrf: fc.constantFrom<Csrf>('ok', 'none', 'wrong'),
        origin: fc.constantFrom<OriginKind>('none', 'own', 'shop', 'foreign', 'null'),
      }),
    },
  );
}

/** Requests to every route, from every kind of caller, mostly valid-looking. */
export function requestPlan(routes: RouteSpec[]): fc.Arbitrary<RequestPlan> {
  // Routes that take a body or an id have more code behind them than a static page.
  const weighted = routes.map((route) => ({
    weight: route.operation?.requestBody || route.path.includes(':') ? 3 : 1,
    arbitrary: fc.constant(route),
  }));
  return fc.oneof(...weighted).chain((route) =>
    fc
      .record({
        route: fc.constant(route),
        method: fc.oneof(
          { weight: 18, arbitrary: fc.constant(route.method) },
          { weight: route.method === 'GET' ? 2 : 0, arbitrary: fc.constant('HEAD') },
          {
            weight: 1,
            arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
          },
        ),
        params: paramsPlan(route),
        query: queryPlan(route),
        headers: headersPlan(route),
        body: bodyPlan(route),
        contentType: fc.oneof(
          { weight: 9, arbitrary: fc.constant('application/json') },
          { weight: 1, arbitrary: fc.constantFrom<string | null>(null, ...CONTENT_TYPES) },
        ),
        context: contextPlan(route),
      })
      .map(({ context, ...plan }): RequestPlan => ({ ...plan, ...context })),
  );
}

/**
 * The fast-check seed of a campaign's `batch`-th batch. Scattered by the campaign's seed: with
 * `seed + batch`, campaigns of seeds n and n + 1 sent the same batches shifted by one.
 */
export const batchSeed = (seed: number, batch: number) =>
  (Math.imul(seed, 0x9e3779b1) + batch) >>> 0;
