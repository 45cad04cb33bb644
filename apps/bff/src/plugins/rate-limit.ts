import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { onPostgres } from '../db/dialect.ts';
import { RateLimitWindowsRepository } from '../db/repositories/rate-limit-windows.ts';
import { HttpError, safeErr } from '../lib/errors.ts';
import { limitKeyOf } from '../lib/limit-key.ts';
import fp from 'fastify-plugin';
import { localRateLimitStore } from '../services/local-rate-limit-store.ts';
import { sharedRateLimitStore } from '../services/shared-rate-limit-store.ts';

const PURGE_EVERY_MS = 60_000;

/**
 * @fastify/rate-limit for the limits routes opt into (sign-in, token creation, viewer tokens).
 * On PostgreSQL the counts live in the database, so N replicas allow what one would, not N
 * times as much; on SQLite (one process) in memory, up to RATE_LIMIT_KEYS keys per limit.
 * Registered after the database plugin.
 */
async function registerRateLimit(app: FastifyInstance) {
  const windows = onPostgres(app.db) ? new RateLimitWindowsRepository(app.db) : undefined;
  // Counting in memory while the database does not answer: said once every 10 s, with a count.
  let localSinceLog = 0;
  let lastLocalLogAt = 0;
  const onFallback = (error: unknown) => {
    localSinceLog += 1;
    if (Date.now() - lastLocalLogAt < 10_000) return;
    app.log.warn(
      { err: safeErr(error), requests: localSinceLog },
      'rate limits are counted on this replica alone while the database does not answer',
    );
    localSinceLog = 0;
    lastLocalLogAt = Date.now();
  };
  // Counts forgotten before their window ended (more keys than RATE_LIMIT_KEYS in one window):
  // said once every 10 s, with a count per limit.
  let forgotten: Record<string, number> = {};
  let lastForgetLogAt = 0;
  const onForget = (limit: string) => {
    forgotten[limit] = (forgotten[limit] ?? 0) + 1;
    if (Date.now() - lastForgetLogAt < 10_000) return;
    app.log.warn(
      { keys: app.config.limits.rateLimitKeys, forgotten },
      'a rate limit holds more addresses than RATE_LIMIT_KEYS: the counts whose window ends first are forgotten',
    );
    forgotten = {};
    lastForgetLogAt = Date.now();
  };
  await app.register(rateLimit, {
    global: false,
    // Per client address unless a route says otherwise; an IPv6 address by its /64.
    keyGenerator: (request) => limitKeyOf(request.ip),
    store: windows
      ? sharedRateLimitStore(windows, onFallback)
      : localRateLimitStore(app.config.limits.rateLimitKeys, onForget),
    // How long to wait, in the message staff read as well as in Retry-After.
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'rate-limited',
        `Too many requests. Try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} s.`,
      ),
  });
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
