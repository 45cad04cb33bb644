import type { BodyPlan, Csrf, RequestPlan } from './generate.ts';
import type { RouteSpec } from './routes.ts';
import type { TransportCase } from './transport-cases.ts';
import { PoolRef } from './values.ts';

/**
 * Requests an earlier attack on a running instance found answered wrongly. Every run sends
 * them first, whatever the seed, so the suite keeps their fixes from coming undone.
 */
export function regressionPlans(routes: RouteSpec[]): RequestPlan[] {
  const plan = (
    key: string,
    body: BodyPlan,
    params: Record<string, unknown> = {},
    csrf: Csrf = 'ok',
  ) => {
    const route = routes.find((r) => r.key === key);
    if (!route) throw new Error(`no route ${key} for a regression`);
    const contentType = body.kind === 'none' ? null : 'application/json';
    return {
      route,
      method: route.method,
      params,
      query: [],
      headers: {},
      body,
      contentType,
      caller: 'admin',
      csrf,
      origin: 'none',
    } satisfies RequestPlan;
  };
  return [
    plan('POST /api/tokens', { kind: 'text', text: 'null' }),
    plan('POST /api/tokens', { kind: 'none' }),
    plan('PATCH /api/staff/:id', { kind: 'text', text: '{}' }, { id: new PoolRef('staffId', 0) }),
    // The token service refuses an unknown stream; its words must not reach the caller.
    plan('POST /api/tokens', {
      kind: 'json',
      value: { target: { type: 'streams', streams: ['No-Such-Stream'] } },
      mode: 'valid',
      corpus: null,
    }),
    // A message that begins with its field's own name gets no second one in front.
    plan('POST /api/tokens/revocations', {
      kind: 'json',
      value: { filter: {}, expectedCount: 1, asOf: '2026-02-30T06:30:00.000Z' },
      mode: 'valid',
      corpus: null,
    }),
    // Signing out ends the session for real: the run signs in again, so the next sign-out
    // without the CSRF token meets a live session (403), not an ended one (204).
    plan('DELETE /api/session', { kind: 'none' }),
    plan('DELETE /api/session', { kind: 'none' }, {}, 'wrong'),
  ];
}

export function regressionCases(routes: RouteSpec[]): TransportCase[] {
  const route = routes.find((r) => r.key === 'GET /api/streams/:id');
  if (!route) throw new Error('no route GET /api/streams/:id for a regression');
  return ['%2e%2e', '..'].map((id) => ({
    category: 'path',
    route,
    caller: 'viewer',
    csrf: true,
    method: 'GET',
    target: `/api/streams/${id}`,
    headers: [],
    body: Buffer.alloc(0),
  }));
}
