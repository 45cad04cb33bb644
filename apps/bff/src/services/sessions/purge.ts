import type { FastifyBaseLogger } from 'fastify';
import type { SessionEnder } from './end.ts';
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

/** Sweeps every 10 minutes until the returned stop is called (when the app closes). */
export function startPurgingSessions(
  { sessions, limits, now }: SessionEnder,
  log: FastifyBaseLogger,
): () => void {
  const sweep = () =>
    sessions.purge(purgeBefore(now(), limits)).catch((error: unknown) => {
      log.warn({ err: error }, 'purging old staff sessions failed');
    });
  const timer = setInterval(sweep, PURGE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
