import { sql, type Kysely, type Migration } from 'kysely';
import { onPostgres } from '../dialect.ts';

/**
 * PostgreSQL only: the request counts of the rate limits (sign-in per IP, token creation per
 * staff member, viewer tokens per IP and per policy), one row per key and fixed window, so that
 * replicas sharing the database share each limit. SQLite serves one process, which keeps them
 * in memory.
 *
 * Unlogged: a count is written on every limited request, and a count lost in a server crash
 * (PostgreSQL empties unlogged tables then) only gives a minute's budget back; in exchange a
 * commit does not wait for the WAL to reach the disk. No index but the key's: `ends_at`
 * changes only when a window starts again, and without an index on it the per-request update
 * of `hits` stays a HOT update (fillfactor leaves room on the page for it). Ended windows are
 * reused by their key or purged by a full scan of this small table once a minute.
 */
export const rateLimitWindows: Migration = {
  async up(db: Kysely<unknown>) {
    if (!onPostgres(db)) return;
    await sql`
      create unlogged table rate_limit_window (
        key text primary key,
        hits integer not null,
        ends_at bigint not null
      ) with (fillfactor = 70)
    `.execute(db);
  },
};
