import type { CompiledQuery, InferResult, Kysely, Selectable } from 'kysely';
import type { Database, SessionEndReason, StaffSessionTable } from '../schema.ts';
import type { StaffRow } from './staff.ts';

export type StaffSessionRow = Selectable<StaffSessionTable>;

/** What a request needs to know about its session: the record and whose it is. */
export interface SessionAndStaff {
  session: Pick<
    StaffSessionRow,
    'id' | 'staff_id' | 'created_at' | 'last_seen_at' | 'ended_at' | 'end_reason'
  > & {
    /** When the person last proved themselves: `proved_at`, else the sign-in. */
    proved_at: number;
  };
  staff: StaffRow;
}

/** Which sessions to end: one (optionally only if it is this staff member's), or all of one. */
export type EndScope =
  { sessionId: string; staffId?: string } | { staffId: string; exceptSessionId?: string };

export interface EndedSession {
  id: string;
  staff_id: string;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

/** Sessions that may still be live: not ended, seen after `seenAfter`, begun after `startedAfter`. */
export interface LiveWindow {
  seenAfter: number;
  startedAfter: number;
}

const lookup = (db: Kysely<Database>, secretHash: string) =>
  db
    .selectFrom('staff_session as s')
    .innerJoin('staff', 'staff.id', 's.staff_id')
    .selectAll('staff')
    .select([
      's.id as s_id',
      's.created_at as s_created_at',
      's.last_seen_at as s_last_seen_at',
      's.proved_at as s_proved_at',
      's.ended_at as s_ended_at',
      's.end_reason as s_end_reason',
    ])
    .where('s.secret_hash', '=', secretHash);

type LookupRow = InferResult<ReturnType<typeof lookup>>[number];

export class StaffSessionRepository {
  /**
   * The lookup every /api request makes, compiled once: building it with the query builder
   * each time cost more than running it (about 20 µs of 35 on SQLite), which would have made
   * every request slower than the staff lookup it replaces.
   */
  private readonly compiledLookup: CompiledQuery<LookupRow>;

  constructor(private readonly db: Kysely<Database>) {
    this.compiledLookup = lookup(db, '').compile();
  }

  async insert(row: StaffSessionRow) {
    await this.db.insertInto('staff_session').values(row).execute();
  }

  /**
   * The session whose cookie secret hashes to `secretHash`, with its staff member, in one
   * query: every /api request runs it, in place of the staff lookup it had before.
   */
  async bySecretHash(secretHash: string): Promise<SessionAndStaff | undefined> {
    const query: CompiledQuery<LookupRow> = { ...this.compiledLookup, parameters: [secretHash] };
    const { rows } = await this.db.executeQuery(query);
    const row = rows[0];
    if (!row) return undefined;
    const { s_id, s_created_at, s_last_seen_at, s_proved_at, s_ended_at, s_end_reason, ...staff } =
      row;
    return {
      session: {
        id: s_id,
        staff_id: staff.id,
        created_at: Number(s_created_at),
        last_seen_at: Number(s_last_seen_at),
        proved_at: Number(s_proved_at ?? s_created_at),
        ended_at: s_ended_at === null ? null : Number(s_ended_at),
        end_reason: s_end_reason,
      },
      staff,
    };
  }

  async byId(id: string) {
    return this.db.selectFrom('staff_session').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The person proved themselves again on this live session at `now`. */
  async markProved(id: string, now: number) {
    await this.db
      .updateTable('staff_session')
      .set({ proved_at: now })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** Moves last_seen_at forward, unless another request (or replica) already did. */
  async touch(id: string, now: number, seenBefore: number) {
    await this.db
      .updateTable('staff_session')
      .set({ last_seen_at: now })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .where('last_seen_at', '<', seenBefore)
      .execute();
  }

  /** A staff member's sessions that may be live, most recently used first (at most `limit`). */
  listLive(staffId: string, window: LiveWindow, limit: number) {
    return this.db
      .selectFrom('staff_session')
      .selectAll()
      .where('staff_id', '=', staffId)
      .where('ended_at', 'is', null)
      .where('last_seen_at', '>', window.seenAfter)
      .where('created_at', '>', window.startedAfter)
      .orderBy('last_seen_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Ends every session in `scope` that has not ended yet, in one conditional statement (so
   * two replicas ending the same session record it once), and answers the ones it ended.
   */
  async end(
    scope: EndScope,
    reason: SessionEndReason,
    endedBy: string | null,
    now: number,
  ): Promise<EndedSession[]> {
    let query = this.db
      .updateTable('staff_session')
      .set({ ended_at: now, end_reason: reason, ended_by: endedBy })
      .where('ended_at', 'is', null);
    if ('sessionId' in scope) {
      query = query.where('id', '=', scope.sessionId);
      if (scope.staffId !== undefined) query = query.where('staff_id', '=', scope.staffId);
    } else {
      query = query.where('staff_id', '=', scope.staffId);
      if (scope.exceptSessionId !== undefined) {
        query = query.where('id', '!=', scope.exceptSessionId);
      }
    }
    const rows = await query
      .returning(['id', 'staff_id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
      .execute();
    return rows.map((row) => ({
      ...row,
      created_at: Number(row.created_at),
      last_seen_at: Number(row.last_seen_at),
    }));
  }

  /** Housekeeping: rows last used before `before` (ended or expired long since). */
  async purge(before: number) {
    const result = await this.db
      .deleteFrom('staff_session')
      .where('last_seen_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
