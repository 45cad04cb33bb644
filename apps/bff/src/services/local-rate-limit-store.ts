import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RouteOptions } from 'fastify';
import type { IncrCallback, LimitOptions } from './rate-limit-store-types.ts';

/** Heap per key measured on Node 20: about 213 bytes for an IPv6 /64 key, 125 for IPv4. */
export const BYTES_PER_KEY = 213;

/** Told when a limit forgot a count whose window had not ended: `limit` names the route. */
export type OnForget = (limit: string) => void;

/**
 * The in-process store for @fastify/rate-limit (SQLite, one process), in fixed windows. The
 * plugin's own keeps 5,000 keys per limit and drops the least recently used: more addresses
 * than that in a minute and the counts of the others start again from nothing, so a flood
 * from many addresses was exactly what made each address's limit stop holding.
 *
 * This one keeps up to `maxKeys` per limit (`RATE_LIMIT_KEYS`). A key's window is moved to the
 * end when it starts again, so the map runs in the order windows end: ended ones are dropped
 * from the front as requests come (no timer, no scan). Only with `maxKeys` keys in windows
 * that have not ended does a new key push out the one whose window ends first, and
 * `onForget` hears of it.
 */
export function localRateLimitStore(
  maxKeys: number,
  onForget: OnForget,
): FastifyRateLimitStoreCtor {
  class LocalRateLimitStore implements FastifyRateLimitStore {
    private readonly name: string;
    private readonly windows = new Map<string, { hits: number; endsAt: number }>();

    constructor(options: LimitOptions) {
      // Fixed windows only: these two would move a window on every refused request.
      if (options.continueExceeding || options.exponentialBackoff) {
        throw new Error('the local rate-limit store has no continueExceeding/exponentialBackoff');
      }
      const { method, url } = options.routeInfo ?? {};
      this.name = method && url ? `${String(method)} ${url}` : '';
    }

    /** A route's method and URL; for a limit of no route, its keys' prefix (`viewer-ip`). */
    private nameFor(key: string) {
      return this.name || (/^([a-z]+(?:-[a-z]+)+):/.exec(key)?.[1] ?? 'a limit of no route');
    }

    incr(key: string, callback: IncrCallback, timeWindow = 60_000) {
      const now = Date.now();
      for (const [oldest, window] of this.windows) {
        if (window.endsAt > now) break;
        this.windows.delete(oldest);
      }
      let window = this.windows.get(key);
      if (window && window.endsAt <= now) {
        this.windows.delete(key);
        window = undefined;
      }
      if (!window) {
        const first = this.windows.keys().next();
        if (this.windows.size >= maxKeys && !first.done) {
          this.windows.delete(first.value);
          onForget(this.nameFor(key));
        }
        window = { hits: 0, endsAt: now + timeWindow };
        this.windows.set(key, window);
      }
      window.hits += 1;
      callback(null, { current: window.hits, ttl: window.endsAt - now });
    }

    child(routeOptions: RouteOptions & { path: string; prefix: string }) {
      return new LocalRateLimitStore(routeOptions as LimitOptions);
    }
  }
  return LocalRateLimitStore;
}
