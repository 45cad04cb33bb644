import type { BodyPlan, RequestPlan } from './generate.ts';
import { applyMutation } from './mutate.ts';
import type { Pools } from './pools.ts';
import type { Exchange } from './oracle.ts';
import type { World } from './world.ts';

/** A request exactly as sent: enough to send it again by hand. */
export interface Repro {
  transport: 'inject' | 'socket';
  caller: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Socket cases: the bytes as written (JSON-escaped). */
  raw?: string;
}

const ORIGINS = {
  none: undefined,
  own: (world: World) => world.origin,
  shop: () => 'https://shop.example.com',
  foreign: () => 'https://attacker.example',
  null: () => 'null',
} as const;

const WRONG_CSRF = 'd3JvbmctY3NyZi10b2tlbi1mb3ItdGhpcy1zZXNzaW9u';

const text = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/** encodeURIComponent, with lone surrogates (which it refuses) made U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const encode = (value: string) => encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));

/** The body: generated or taken from the route's successes, then broken at one place. */
function jsonBody(pools: Pools, plan: RequestPlan): unknown {
  const body = plan.body as Extract<BodyPlan, { kind: 'json' }>;
  const known = body.corpus === null ? undefined : pools.body(plan.route.key, body.corpus);
  const base = known ?? pools.resolve(body.value);
  if (!body.mutation) return base;
  return applyMutation(base, {
    ...body.mutation,
    replacement: pools.resolve(body.mutation.replacement),
  });
}

/** Fills in the run's ids and builds the request. */
export function concretise(world: World, plan: RequestPlan): Repro {
  const { pools } = world;
  let path = plan.route.path;
  for (const [name, value] of Object.entries(plan.params)) {
    const segment = text(pools.resolve(value));
    path =
      name === '*'
        ? path.replace('*', segment.split('/').map(encode).join('/'))
        : path.replace(`:${name}`, encode(segment));
  }
  const query = plan.query
    .map(([key, value]) => `${encode(key)}=${encode(text(pools.resolve(value)))}`)
    .join('&');
  const headers: Record<string, string> = { host: `127.0.0.1:${world.port}` };
  for (const [name, value] of Object.entries(plan.headers)) {
    headers[name] = text(pools.resolve(value)).replace(/[^\x20-\x7e]/g, '?');
  }
  if (headers.authorization) headers.authorization = `Bearer ${headers.authorization}`;
  const caller = world.callers[plan.caller];
  if (caller.cookie) headers.cookie = caller.cookie;
  if (plan.csrf === 'ok' && caller.csrf) headers['x-csrf-token'] = caller.csrf;
  if (plan.csrf === 'wrong') headers['x-csrf-token'] = WRONG_CSRF;
  const origin = ORIGINS[plan.origin]?.(world);
  if (origin) headers.origin = origin;
  let body: string | undefined;
  if (plan.body.kind === 'json') body = JSON.stringify(jsonBody(pools, plan)) ?? 'null';
  if (plan.body.kind === 'text') body = plan.body.text;
  if (body !== undefined && plan.contentType !== null) headers['content-type'] = plan.contentType;
  return {
    transport: 'inject',
    caller: plan.caller,
    method: plan.method,
    url: query ? `${path}?${query}` : path,
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

/** The repro as the summary shows it: the run's session cookie and CSRF token named, not shown. */
export function printable(repro: Repro): Repro {
  const headers = { ...repro.headers };
  if (headers.cookie) headers.cookie = `<${repro.caller} session cookie>`;
  if (headers['x-csrf-token'] && headers['x-csrf-token'] !== WRONG_CSRF) {
    headers['x-csrf-token'] = `<${repro.caller} csrf token>`;
  }
  return { ...repro, headers };
}

export async function sendInject(world: World, plan: RequestPlan, repro: Repro): Promise<Exchange> {
  const response = await world.t.app.inject({
    method: repro.method as 'GET',
    url: repro.url,
    headers: repro.headers,
    ...(repro.body !== undefined ? { payload: repro.body } : {}),
  });
  return {
    route: `${repro.method} ${plan.route.path}`,
    method: repro.method,
    path: repro.url.split('?')[0] ?? '',
    caller: plan.caller,
    csrf: plan.csrf,
    origin: plan.origin,
    status: response.statusCode,
    headers: response.headers as Exchange['headers'],
    body: response.body,
    upstream: world.upstream.take(),
    expectAnswer: true,
  };
}
