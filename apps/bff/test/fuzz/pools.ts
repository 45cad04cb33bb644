import { isContainer, mapJson } from './json.ts';
import type { RouteSpec } from './routes.ts';
import { Instant, POOLS, PoolRef, type PoolName } from './values.ts';

const MAX_POOL = 64;
/** Where a path names its records: the first pattern that matches a path gives its pool. */
const RESOURCES: Array<[RegExp, PoolName]> = [
  [/^\/api\/token-batches(\/|$)/, 'batchId'],
  [/^\/api\/tokens\/revocations(\/|$)/, 'revocationId'],
  [/^\/api\/(staff\/[^/]+\/)?sessions(\/|$)/, 'sessionId'],
  [/^\/api\/tokens(\/|$)/, 'tokenId'],
  [/^\/api\/policies(\/|$)/, 'policyId'],
  [/^\/api\/staff(\/|$)/, 'staffId'],
  [/^\/api\/streams(\/|$)/, 'streamId'],
];
const resourceOf = (path: string) => RESOURCES.find(([pattern]) => pattern.test(path))?.[1];

/** The pool a path parameter of this route most likely wants (by its resource and name). */
export function paramPool(route: RouteSpec, name: string): PoolName {
  if (name === 'sessionId') return 'sessionId';
  // `/api/staff/:id/sessions/:sessionId`: the `:id` is the staff member's.
  if (/^\/api\/staff\/:id\//.test(route.path)) return 'staffId';
  return resourceOf(route.path) ?? 'tokenId';
}

const JWT = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/;

/**
 * Ids and tokens the run has seen, for generated requests to name. Staff ids of the fuzzer's
 * own callers never enter: a generated PATCH must not demote or lock out the caller itself.
 */
export class Pools {
  private readonly values = new Map<PoolName, string[]>(POOLS.map((name) => [name, []]));
  /** Per route, bodies that once succeeded: the best starting points for a mutation. */
  private readonly bodies = new Map<string, unknown[]>();
  /** Per route, path parameters naming a record in the state the route needs. */
  private readonly params = new Map<string, Record<string, string>>();

  constructor(private readonly protectedIds: Set<string>) {}

  add(pool: PoolName, value: string) {
    if (this.protectedIds.has(value)) return;
    const list = this.values.get(pool) as string[];
    if (list.includes(value)) return;
    list.push(value);
    if (list.length > MAX_POOL) list.shift();
  }

  pick(ref: PoolRef): string {
    const list = this.values.get(ref.pool) as string[];
    return list.length ? (list[ref.pick % list.length] as string) : `no-${ref.pool}-yet`;
  }

  keepBody(route: string, body: unknown) {
    const list = this.bodies.get(route) ?? [];
    list.push(body);
    if (list.length > MAX_POOL) list.shift();
    this.bodies.set(route, list);
  }

  body(route: string, pick: number): unknown {
    const list = this.bodies.get(route);
    return list?.length ? list[pick % list.length] : undefined;
  }

  keepParams(route: string, params: Record<string, string>) {
    this.params.set(route, params);
  }

  /** The path parameters the world seeded for the route's well-formed request, if any. */
  paramsOf(route: string): Record<string, string> | undefined {
    return this.params.get(route);
  }

  size(pool: PoolName) {
    return this.values.get(pool)?.length ?? 0;
  }

  /** The value with every reference filled in and every instant made absolute. */
  resolve(value: unknown): unknown {
    return mapJson(value, (leaf) => {
      if (leaf instanceof PoolRef) return this.pick(leaf);
      if (leaf instanceof Instant) return new Date(Date.now() + leaf.offsetMs).toISOString();
      return leaf;
    });
  }

  /** Learns ids and tokens from a successful JSON answer of a route under /api/<resource>. */
  harvest(path: string, body: unknown) {
    const resource = resourceOf(path);
    const visit = (value: unknown, depth: number) => {
      if (depth > 3 || !isContainer(value)) return;
      if (Array.isArray(value)) return value.forEach((item) => visit(item, depth + 1));
      for (const [key, child] of Object.entries(value)) {
        if (typeof child === 'string' && JWT.test(child)) this.add('jwt', child);
        else if (key === 'id' && typeof child === 'string' && resource && depth <= 2) {
          this.add(resource, child);
        } else if (key === 'record' || key === 'items') visit(child, depth + 1);
      }
    };
    visit(body, 0);
  }
}
