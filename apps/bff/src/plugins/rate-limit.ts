import rateLimit from '@fastify/rate-limit';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { onPostgres } from '../db/dialect.ts';
import { RateLimitWindowsRepository } from '../db/repositories/rate-limit-windows.ts';
import { HttpError, safeErr } from '../lib/errors.ts';
import { limitKeyOf } from '../lib/limit-key.ts';
import { LogWindows } from '../lib/log-windows.ts';
import fp from 'fastify-plugin';
import { localRateLimitStore } from '../services/local-rate-limit-store.ts';
import { sharedRateLimitStore } from '../services/shared-rate-limit-store.ts';

const PURGE_EVERY_MS = 60_000;

/** The line that counts requests counted in memory, beyond the first logged in 10 s. */
export const LOCAL_COUNTS_SUMMARY =
  'further requests whose rate limits were counted on this replica alone, counted';
/** The line that counts, per limit, further counts forgotten beyond RATE_LIMIT_KEYS. */
export const FORGOTTEN_SUMMARY =
  'further rate-limit counts forgotten beyond RATE_LIMIT_KEYS, counted per limit';

/**
 * What the stores report, which a flood repeats at its own rate: the first of each 10 s is
 * logged, the others counted and said with their counts once the 10 s end.
 */
export function rateLimitLog(log: FastifyBaseLogger, now: () => number, keys: number) {
  const windows = new LogWindows(now);
  return {
    /** Says the counts of windows not over yet (the app is closing). */
    sayPending: () => windows.flush(),
    /** A count kept in memory while the database does not answer. */
    onFallback(error: unknown) {
      const first = windows.first('counted locally', 'requests', log, {
        message: LOCAL_COUNTS_SUMMARY,
        level: 'warn',
      });
      if (!first) return;
      log.warn(
        { err: safeErr(error) },
        'rate limits are counted on this replica alone while the database does not answer',
      );
    },
    /** A count forgotten before its window ended (more keys than RATE_LIMIT_KEYS), per limit. */
    onForget(limit: string) {
      const first = windows.first(`forgotten ${limit}`, limit, log, {
        message: FORGOTTEN_SUMMARY,
        fields: { keys },
        level: 'warn',
      });
      if (!first) return;
      log.warn(
        { keys, forgotten: { [limit]: 1 } },
        'a rate limit holds more addresses than RATE_LIMIT_KEYS: the counts whose window ends first are forgotten',
      );
    },
  };
}

/**
 * @fastify/rate-limit for the limits routes opt into (sign-in, token creation, viewer tokens).
 * On PostgreSQL the counts live in the database, so N replicas allow what one would, not N
 * times as much; on SQLite (one process) in memory, up to RATE_LIMIT_KEYS keys per limit.
 * Registered after the database plugin.
 */
async function registerRateLimit(app: FastifyInstance) {
  const windows = onPostgres(app.db) ? new RateLimitWindowsRepository(app.db) : undefined;
  const { onFallback, onForget, sayPending } = rateLimitLog(
    app.log,
    () => app.now(),
    app.config.limits.rateLimitKeys,
  );
  await app.register(rateLimit, {
    global: false,
    // Per client address unless a route says otherwise; an IPv6 address by its /64.
    keyGenerator: (request) => limitKeyOf(request.ip),
    store: windows
      ? sharedRateLimitStore(windows, onFallback, app.databaseOutage)
      : localRateLimitStore(app.config.limits.rateLimitKeys, onForget),
    // How long to wait, in the message staff read as well as in Retry-After.
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'rate-limited',
        `Too many requests. Try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} s.`,
      ),
  });
  app.addHook('onClose', async () => sayPending());
  if (!windows) return;
  // Every replica purges; a second delete of the same rows finds nothing.
  const timer = setInterval(() => {
    windows.purgeEnded().catch((error: unknown) => {
      app.log.warn({ err: error }, 'purging ended rate-limit windows failed');
    });
  }, PURGE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

export const rateLimitPlugin = fp(registerRateLimit, { name: 'rate-limit' });
