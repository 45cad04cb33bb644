import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RouteOptions } from 'fastify';
import type { IncrCallback, LimitOptions } from './rate-limit-store-types.ts';
import type { RateLimitWindowsRepository } from '../db/repositories/rate-limit-windows.ts';
import { DatabaseOutage, isDatabaseUnavailable } from '../db/unavailable.ts';

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
 * each count made that way. The first count that finds the database gone opens `outage` (a
 * circuit breaker): the counts waiting for the database with it, and those that come after,
 * are made in memory at once instead of each waiting out the connection or statement bound
 * (a viewer's two counts would wait two bounds one after the other). Counts queued behind the
 * batch in flight are then not sent at all (each batch would wait out a bound of its own). One
 * count a second (DATABASE_PROBE_EVERY_MS) is also the probe: it asks the database for its
 * key's shared count, adding nothing (its request is counted in memory, once); once it
 * answers, counts are shared again.
 */
/**
 * Drops the entries whose window ended from the front of a map kept in the order windows end
 * (each key is moved to the end when its window starts), stopping at the first that has not:
 * a constant cost per request, where a scan of the whole map cost 0.1 ms once it was full.
 */
function dropEnded<V>(map: Map<string, V>, now: number, endOf: (value: V) => number) {
  for (const [key, value] of map) {
    if (endOf(value) > now) return;
    map.delete(key);
  }
}

/** At the bound, the entry whose window ends first goes. */
function makeRoom(map: Map<string, unknown>) {
  const first = map.keys().next();
  if (map.size >= MAX_REFUSED_KEYS && !first.done) map.delete(first.value);
}

export function sharedRateLimitStore(
  windows: RateLimitWindowsRepository,
  onFallback: (error: unknown) => void = () => {},
  outage = new DatabaseOutage(),
): FastifyRateLimitStoreCtor {
  /** Counts sent to the database, each falling back to memory once it is found not to answer. */
  const sent = new Set<(error: unknown) => void>();
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
      if (outage.down) {
        // Known not to answer: counted in memory at once. The probe asks the database for the
        // key's shared count, unawaited and adding nothing (its request is counted here); its
        // answer ends the outage.
        if (outage.probe()) this.probe(key, timeWindow, max);
        this.fallBack(key, callback, timeWindow, max, outage.error);
        return;
      }
      let settled = false;
      /** Answers this count once: from the database, from memory, or with an error. */
      const settle = (answer: () => void) => {
        if (settled) return;
        settled = true;
        sent.delete(fallBack);
        answer();
      };
      const fallBack = (error: unknown) =>
        settle(() => this.fallBack(key, callback, timeWindow, max, error));
      sent.add(fallBack);
      // Not sent at all when it was counted in memory while it waited behind another batch.
      windows.hit(this.namespace + key, timeWindow, { wanted: () => !settled }).then(
        ({ hits, ttlMs }) => {
          outage.answered();
          if (hits > max) this.remember(key, now + ttlMs);
          settle(() => callback(null, { current: hits, ttl: ttlMs }));
        },
        (error: unknown) => {
          if (isDatabaseUnavailable(error)) {
            outage.failed(error);
            // Known down: every count still waiting for it would wait out its bound too. No
            // free connection (a load spike) is this count's alone.
            if (!outage.down) fallBack(error);
            else for (const waiting of [...sent]) waiting(error);
            return;
          }
          settle(() => callback(error instanceof Error ? error : new Error(String(error))));
        },
      );
    }

    /**
     * Reads `key`'s shared count while the database is known down, to learn whether it answers
     * again (and whether the key is over its limit there).
     */
    private probe(key: string, timeWindow: number, max: number) {
      const now = Date.now();
      windows.hit(this.namespace + key, timeWindow, { adds: 0 }).then(
        ({ hits, ttlMs }) => {
          outage.answered();
          if (hits > max) this.remember(key, now + ttlMs);
        },
        (error: unknown) => {
          if (isDatabaseUnavailable(error)) outage.failed(error, true);
          // Refused by the server itself: it answers, and the next count hears why.
          else outage.answered();
        },
      );
    }

    /** Counts in memory, as the database does not answer. */
    private fallBack(
      key: string,
      callback: IncrCallback,
      timeWindow: number,
      max: number,
      error: unknown,
    ) {
      onFallback(error);
      const { hits, endsAt } = this.countLocally(key, timeWindow);
      if (hits > max) this.remember(key, endsAt);
      callback(null, { current: hits, ttl: endsAt - Date.now() });
    }

    private countLocally(key: string, timeWindow: number) {
      const now = Date.now();
      dropEnded(this.local, now, (window) => window.endsAt);
      let window = this.local.get(key);
      if (!window || window.endsAt <= now) {
        // Moved to the end, so the map stays in the order windows end.
        this.local.delete(key);
        makeRoom(this.local);
        window = { hits: 0, endsAt: now + timeWindow };
        this.local.set(key, window);
      }
      window.hits += 1;
      return window;
    }

    private remember(key: string, until: number) {
      dropEnded(this.refused, Date.now(), (end) => end);
      this.refused.delete(key);
      makeRoom(this.refused);
      this.refused.set(key, until);
    }

    child(routeOptions: RouteOptions & { path: string; prefix: string }) {
      return new SharedRateLimitStore(routeOptions as LimitOptions);
    }
  }
  return SharedRateLimitStore;
}
