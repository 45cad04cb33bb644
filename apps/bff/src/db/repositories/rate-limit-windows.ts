import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The database server's clock in milliseconds, the same for every replica (`now()` is the
 * start of the statement's transaction: one value however often a statement names it).
 */
const NOW_MS = sql<number>`(extract(epoch from now()) * 1000)::bigint`;

export interface WindowCount {
  /** Requests counted in the key's current window, this one included. */
  hits: number;
  /** Milliseconds until that window ends. */
  ttlMs: number;
}

/**
 * Fixed-window request counts per key in `rate_limit_window` (PostgreSQL only, migration
 * 011). One statement per counted request: it starts a window (or starts an ended one
 * again) or counts into the running one, and answers the count and the time left, so replicas
 * counting the same key at once each see a distinct count.
 */
export class RateLimitWindowsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const { rows } = await sql<{ hits: number; ttl: number }>`
      insert into rate_limit_window as w (key, hits, ends_at)
      values (${key}, 1, ${NOW_MS} + ${windowMs})
      on conflict (key) do update set
        hits = case when w.ends_at <= ${NOW_MS} then 1 else w.hits + 1 end,
        ends_at = case when w.ends_at <= ${NOW_MS} then excluded.ends_at else w.ends_at end
      returning hits, ends_at - ${NOW_MS} as ttl
    `.execute(this.db);
    const row = rows[0] as { hits: number; ttl: number };
    // `now()` is when this statement's transaction began: a statement that began just before
    // the one that opened the window (and then waited for its row lock) would count a
    // millisecond or two more than the window has. Never more than the window.
    return { hits: row.hits, ttlMs: Math.min(windowMs, Number(row.ttl)) };
  }

  /** Forgets windows that have ended (keys never seen again, such as a passing viewer's IP). */
  async purgeEnded(): Promise<number> {
    const result = await sql`delete from rate_limit_window where ends_at <= ${NOW_MS}`.execute(
      this.db,
    );
    return Number(result.numAffectedRows ?? 0);
  }
}
