import type { FastifyInstance } from 'fastify';
import type { SessionLimits } from './limits.ts';

const PURGE_EVERY_MS = 10 * 60_000;

/** How long a record is kept after its session ended or expired (for the curious operator). */
export const KEEP_ENDED_MS = 7 * 24 * 3_600_000;

/**
 * Deletes records nobody can use any more. A session unused for `idle` is over, so a record
 * last seen more than `idle + KEEP_ENDED_MS` ago has been over for at least KEEP_ENDED_MS,
 * however it ended. Each replica sweeps; deleting twice is harmless.
 */
export function purgeBefore(now: number, limits: SessionLimits) {
  return now - limits.idleMs - KEEP_ENDED_MS;
}

export function startPurgingSessions(app: FastifyInstance, limits: SessionLimits) {
  const sweep = () =>
    app.repos.sessions.purge(purgeBefore(app.now(), limits)).catch((error: unknown) => {
      app.log.warn({ err: error }, 'purging old staff sessions failed');
    });
  const timer = setInterval(sweep, PURGE_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
