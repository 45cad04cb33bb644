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

/** Why a hit no longer wanted when its batch went out was not counted. */
export const NOT_SENT = 'not counted in the database: its request was counted elsewhere';

interface PendingHit {
  key: string;
  windowMs: number;
  /** False once its caller has counted the request elsewhere: it is then not sent. */
  wanted: () => boolean;
  /** 1, or 0 to read the key's count without adding to it. */
  adds: 0 | 1;
  resolve: (count: WindowCount) => void;
  reject: (error: unknown) => void;
}

/**
 * Fixed-window request counts per key in `rate_limit_window` (PostgreSQL only, migration
 * 011). Every hit counted during one turn of the event loop goes out in one statement (the
 * next batch waits for it): per key it starts a window (or starts an ended one again) or
 * counts into the running one, adding the batch's hits of that key, and answers the new count
 * and the time left. The batch's hits of a key then get the counts just below it, one each,
 * as if they had been sent one by one with nothing in between, so replicas counting the same
 * key at once still each see distinct counts. One statement per request was the viewer token
 * endpoint's bottleneck on PostgreSQL: every viewer's two limits updated the same two rows.
 */
export class RateLimitWindowsRepository {
  private pending: PendingHit[] = [];
  private flushing = false;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Counts a request of `key`. `wanted` is asked when its batch is sent: a hit whose caller
   * counted the request elsewhere meanwhile (in memory, the database found not answering while
   * the hit waited behind another batch) is rejected with `NOT_SENT` instead of waiting out a
   * statement of its own. `adds: 0` counts nothing and answers the key's count (a request
   * counted elsewhere that asks whether the database answers, and what it holds).
   */
  hit(
    key: string,
    windowMs: number,
    { wanted = () => true, adds = 1 }: { wanted?: () => boolean; adds?: 0 | 1 } = {},
  ): Promise<WindowCount> {
    return new Promise((resolve, reject) => {
      this.pending.push({ key, windowMs, wanted, adds, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush() {
    while (this.pending.length > 0) {
      const batch: PendingHit[] = [];
      for (const hit of this.pending) {
        if (hit.wanted()) batch.push(hit);
        else hit.reject(new Error(NOT_SENT));
      }
      this.pending = [];
      if (batch.length > 0) await this.count(batch);
    }
    this.flushing = false;
  }

  private async count(batch: PendingHit[]) {
    const byKey = new Map<string, PendingHit[]>();
    for (const hit of batch) {
      const same = byKey.get(hit.key);
      if (same) same.push(hit);
      else byKey.set(hit.key, [hit]);
    }
    // Always the same order of row locks, so two replicas' batches cannot deadlock.
    const keys = [...byKey.keys()].sort();
    const added = (hits: PendingHit[]) => hits.reduce((sum, hit) => sum + hit.adds, 0);
    const counts = keys.map((key) => added(byKey.get(key)!));
    const windows = keys.map((key) => byKey.get(key)![0]!.windowMs);
    try {
      const { rows } = await sql<{ key: string; hits: number; ttl: number }>`
        insert into rate_limit_window as w (key, hits, ends_at)
        select k, n, ${NOW_MS} + win
        from unnest(${keys}::text[], ${counts}::int[], ${windows}::bigint[]) as t(k, n, win)
        order by k
        on conflict (key) do update set
          hits = case when w.ends_at <= ${NOW_MS} then excluded.hits else w.hits + excluded.hits end,
          ends_at = case when w.ends_at <= ${NOW_MS} then excluded.ends_at else w.ends_at end
        returning key, hits, ends_at - ${NOW_MS} as ttl
      `.execute(this.db);
      for (const row of rows) {
        const hits = byKey.get(row.key) ?? [];
        const windowMs = hits[0]?.windowMs ?? 0;
        // `now()` is when this statement's transaction began: a statement that began just
        // before the one that opened the window (and then waited for its row lock) would count
        // a millisecond or two more than the window has. Never more than the window.
        const ttlMs = Math.min(windowMs, Number(row.ttl));
        let current = Number(row.hits) - added(hits);
        for (const hit of hits) {
          current += hit.adds;
          hit.resolve({ hits: current, ttlMs });
        }
        byKey.delete(row.key);
      }
      const missing = new Error('a rate-limit window was not counted');
      for (const hits of byKey.values()) for (const hit of hits) hit.reject(missing);
    } catch (error) {
      for (const hit of batch) hit.reject(error);
    }
  }

  /** Forgets windows that have ended (keys never seen again, such as a passing viewer's IP). */
  async purgeEnded(): Promise<number> {
    const result = await sql`delete from rate_limit_window where ends_at <= ${NOW_MS}`.execute(
      this.db,
    );
    return Number(result.numAffectedRows ?? 0);
  }
}
