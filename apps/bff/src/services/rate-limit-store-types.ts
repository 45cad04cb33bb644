import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';

/** What @fastify/rate-limit 10 hands a store: the merged limit options of a route. */
export interface LimitOptions extends FastifyRateLimitOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  routeInfo?: { method?: string | string[]; url?: string };
}

/** How a store answers a count: the count and when its window ends. */
export type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];
