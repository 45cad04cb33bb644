import type {
  FastifyRateLimitOptions,
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import type { RouteOptions } from 'fastify';
import type { RateLimitWindowsRepository } from '../db/repositories/rate-limit-windows.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';

/** What @fastify/rate-limit 10 hands a store: the merged limit options of a route. */
interface LimitOptions extends FastifyRateLimitOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  routeInfo?: { method?: string | string[]; url?: string };
}

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];

/**
 * Keys remembered as over their limit, and keys counted in memory while the database does not
 * answer, per limit; beyond that the oldest are forgotten.
 */
const MAX_REFUSED_KEYS = 10_000;

/**
 * A store for @fastify/rate-limit that counts in the database, so that replicas sharing it
 * share every limit (the plugin's own store counts per process). The plugin builds it with
 * `new Store(options)`, asks `child()` for one per limited route or `createRateLimit()` call,
 * and calls `incr(key, callback, timeWindow, max)` once per request. Route limits are kept
 * apart by method and URL; `createRateLimit()` limits, which have no route, by their keys.
 *
 * A key found over its limit is refused from memory until its window ends: how far over does
 * not matter, and a flood from one address (or at one policy) then costs the database nothing.
 *
 * While the database does not answer (a restart, a failover), each replica counts in its own
 * memory instead, in windows of the same length: the limits hold per replica (N replicas allow
 * up to N times the budget meanwhile) rather than every request failing. `onFallback` hears of
 * each count made that way.
 */
export function sharedRateLimitStore(
  windows: RateLimitWindowsRepository,
  onFallback: (error: unknown) => void = () => {},
): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    private readonly namespace: string;
    /** Key → when its window ends (this process's clock), for keys over their limit. */
    private readonly refused = new Map<string, number>();
    /** Key → this replica's own count, while the database does not answer. */
    private readonly local = new Map<string, { hits: number; endsAt: number }>();

    constructor(options: LimitOptions) {
      // Fixed windows only: these two would need the window moved on every refused request.
      if (options.continueExceeding || options.exponentialBackoff) {
        throw new Error('the shared rate-limit store has no continueExceeding/exponentialBackoff');
      }
      const { method, url } = options.routeInfo ?? {};
      this.namespace = method && url ? `${String(method)} ${url} ` : '';
    }

    incr(key: string, callback: IncrCallback, timeWindow = 60_000, max = Infinity) {
      const now = Date.now();
      const refusedUntil = this.refused.get(key);
      if (refusedUntil !== undefined && refusedUntil > now) {
        callback(null, { current: max + 1, ttl: refusedUntil - now });
        return;
      }
      this.refused.delete(key);
      windows.hit(this.namespace + key, timeWindow).then(
        ({ hits, ttlMs }) => {
          if (hits > max) this.remember(key, now + ttlMs);
          callback(null, { current: hits, ttl: ttlMs });
        },
        (error: unknown) => {
          if (!isDatabaseUnavailable(error)) {
            callback(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          onFallback(error);
          const { hits, endsAt } = this.countLocally(key, timeWindow);
          if (hits > max) this.remember(key, endsAt);
          callback(null, { current: hits, ttl: endsAt - Date.now() });
        },
      );
    }

    private countLocally(key: string, timeWindow: number) {
      const now = Date.now();
      let window = this.local.get(key);
      if (!window || window.endsAt <= now) {
        if (this.local.size >= MAX_REFUSED_KEYS) {
          for (const [k, w] of this.local) if (w.endsAt <= now) this.local.delete(k);
          const oldest = this.local.keys().next();
          if (this.local.size >= MAX_REFUSED_KEYS && !oldest.done) this.local.delete(oldest.value);
        }
        window = { hits: 0, endsAt: now + timeWindow };
        this.local.set(key, window);
      }
      window.hits += 1;
      return window;
    }

    private remember(key: string, until: number) {
      if (this.refused.size >= MAX_REFUSED_KEYS) {
        const now = Date.now();
        for (const [k, end] of this.refused) if (end <= now) this.refused.delete(k);
        const oldest = this.refused.keys().next();
        if (this.refused.size >= MAX_REFUSED_KEYS && !oldest.done) {
          this.refused.delete(oldest.value);
        }
      }
      this.refused.set(key, until);
    }

    child(routeOptions: RouteOptions & { path: string; prefix: string }) {
      return new SharedRateLimitStore(routeOptions as LimitOptions);
    }
  }
  return SharedRateLimitStore;
}
