import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Waits under a key: none for the first `free` attempts, then `steps` (ms) one after the
 * other, then `max` for every further one.
 */
export interface WaitSchedule {
  free: number;
  steps: readonly number[];
  max: number;
}

export interface Claimed {
  failures: number;
  blockedUntil: number;
}

const bigint = (value: number) => sql<number>`cast(${value} as bigint)`;

/**
 * Attempt counts and waits per throttle key, in portable SQL (SQLite and PostgreSQL both take
 * `ON CONFLICT … DO UPDATE … WHERE` with `RETURNING`). An attempt is counted and its wait set
 * in one statement that only succeeds while the key is not waiting, so a burst of parallel
 * attempts, on one replica or many, cannot slip through the same opening.
 */
export class SignInThrottleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The latest `blocked_until` among the keys, or 0 when none of them is waiting. */
  async blockedUntil(keys: readonly string[], now: number): Promise<number> {
    const row = await this.db
      .selectFrom('sign_in_throttle')
      .select((eb) => eb.fn.max('blocked_until').as('until'))
      .where('key', 'in', keys)
      .where('blocked_until', '>', now)
      .executeTakeFirst();
    return Number(row?.until ?? 0);
  }

  /**
   * Counts an attempt under the key unless it is waiting; a count last raised before
   * `forgetBefore` starts again at one. Answers the new count and wait, or undefined when the
   * key is waiting (a parallel attempt got there first).
   */
  async claim(
    key: string,
    now: number,
    forgetBefore: number,
    schedule: WaitSchedule,
  ): Promise<Claimed | undefined> {
    const count = sql<number>`(case when sign_in_throttle.last_failure_at < ${bigint(forgetBefore)} then 1 else sign_in_throttle.failures + 1 end)`;
    const row = await this.db
      .insertInto('sign_in_throttle')
      .values({ key, failures: 1, last_failure_at: now, blocked_until: firstWait(schedule, now) })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            failures: count,
            last_failure_at: now,
            blocked_until: waitCase(count, schedule, now),
          })
          .where('sign_in_throttle.blocked_until', '<=', now),
      )
      .returning(['failures', 'blocked_until'])
      .executeTakeFirst();
    return row && { failures: Number(row.failures), blockedUntil: Number(row.blocked_until) };
  }

  /** Takes back a claimed attempt that was not a failure (and the wait it started). */
  async release(key: string, claimed: Claimed) {
    await this.db
      .updateTable('sign_in_throttle')
      .set((eb) => ({
        failures: sql<number>`case when ${eb.ref('failures')} > 0 then ${eb.ref('failures')} - 1 else 0 end`,
        blocked_until: sql<number>`case when ${eb.ref('blocked_until')} = ${bigint(claimed.blockedUntil)} then 0 else ${eb.ref('blocked_until')} end`,
      }))
      .where('key', '=', key)
      .execute();
  }

  async clear(keys: readonly string[]) {
    if (keys.length === 0) return;
    await this.db.deleteFrom('sign_in_throttle').where('key', 'in', keys).execute();
  }

  /** Housekeeping: counts nobody has added to since `before` and that hold no wait. */
  async purge(before: number, now: number) {
    await this.db
      .deleteFrom('sign_in_throttle')
      .where('last_failure_at', '<', before)
      .where('blocked_until', '<=', now)
      .execute();
  }
}

const firstWait = ({ free, steps, max }: WaitSchedule, now: number) =>
  free >= 1 ? 0 : now + (steps[0] ?? max);

/**
 * `blocked_until` for the new count, as one CASE: SQLite has no portable power function, and
 * the schedule reaches its cap after a few steps, so each step before it is a branch.
 */
function waitCase(count: RawBuilder<number>, { free, steps, max }: WaitSchedule, now: number) {
  const branches = steps.map(
    (wait, i) => sql`when ${count} = ${free + 1 + i} then ${bigint(now + wait)}`,
  );
  const stepBranches = branches.length > 0 ? sql.join(branches, sql` `) : sql``;
  return sql<number>`case when ${count} <= ${free} then ${bigint(0)} ${stepBranches} else ${bigint(now + max)} end`;
}
