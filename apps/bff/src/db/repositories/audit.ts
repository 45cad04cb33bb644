import type { AuditEntry, AuditList } from '@ptd/contracts';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';
import { toSummary } from './staff.ts';
import { appendOnlyId } from '../../lib/ids.ts';
import { onPostgres } from '../dialect.ts';

export type AuditAction = AuditEntry['action'];

export interface AuditInput {
  action: AuditAction;
  actorId: string | null;
  subject?: string | null;
  ip?: string | null;
  /** Facts only: never a token, a password or a credential. */
  details?: Record<string, unknown>;
}

export interface AuditFilterInput {
  action?: AuditAction | undefined;
  /** A staff id, or an email address. */
  actor?: string | undefined;
  /** ISO 8601 instants, both included. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditQuery extends AuditFilterInput {
  page: number;
  pageSize: number;
}

type AuditRow = {
  id: string;
  at: number;
  action: string;
  subject: string | null;
  ip: string | null;
  details: string;
  actor_id: string | null;
  email: string | null;
  display_name: string | null;
};

/** Details keys that hold a staff id: a revoke by filter's end names who stopped it. */
const STAFF_DETAILS = ['stoppedBy'] as const;

/** What an entry shows: its own columns and its actor's name and email. */
const ENTRY_COLUMNS = [
  'audit_log.id',
  'audit_log.at',
  'audit_log.action',
  'audit_log.subject',
  'audit_log.ip',
  'audit_log.details',
  'audit_log.actor_id',
  'staff.email',
  'staff.display_name',
] as const;

export class AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly writes: WriteQueue,
  ) {}

  /** The row for an entry, stamped now. */
  row(entry: AuditInput) {
    return {
      id: appendOnlyId(),
      at: this.now(),
      actor_id: entry.actorId,
      action: entry.action,
      subject: entry.subject ?? null,
      ip: entry.ip ?? null,
      details: JSON.stringify(entry.details ?? {}),
    };
  }

  async record(entry: AuditInput) {
    const row = this.row(entry);
    await this.writes.run((trx) => trx.insertInto('audit_log').values(row).execute());
  }

  private filtered(query: AuditFilterInput) {
    let base = this.db.selectFrom('audit_log').leftJoin('staff', 'staff.id', 'audit_log.actor_id');
    if (query.action) base = base.where('audit_log.action', '=', query.action);
    if (query.actor) {
      const actor = query.actor;
      base = actor.includes('@')
        ? base.where('staff.email', '=', actor.toLowerCase())
        : base.where('audit_log.actor_id', '=', actor);
    }
    if (query.from) base = base.where('audit_log.at', '>=', Date.parse(query.from));
    if (query.to) base = base.where('audit_log.at', '<=', Date.parse(query.to));
    return base;
  }

  private selectEntry(query: AuditFilterInput) {
    return this.filtered(query).select(ENTRY_COLUMNS);
  }

  /**
   * Every matching entry, newest first, `size` at a time by keyset on (at, id): memory holds
   * one page whatever the size of the log.
   */
  async *scan(query: AuditFilterInput, size = 1000): AsyncGenerator<AuditEntry[]> {
    let after: { at: number; id: string } | undefined;
    for (;;) {
      const position = after;
      const rows = await this.selectEntry(query)
        .$if(position !== undefined, (q) =>
          q.where(sql<SqlBool>`(audit_log.at, audit_log.id) < (${position?.at}, ${position?.id})`),
        )
        .orderBy('audit_log.at', 'desc')
        .orderBy('audit_log.id', 'desc')
        .limit(size)
        .execute();
      if (rows.length === 0) return;
      yield await this.namePeople(rows.map(toEntry));
      if (rows.length < size) return;
      const last = rows[rows.length - 1] as AuditRow;
      after = { at: Number(last.at), id: last.id };
    }
  }

  /**
   * Entries no process has written to the log yet, oldest first, at most `limit`: handed to
   * `write`, then marked, in one transaction. On PostgreSQL the rows are locked and the other
   * replicas skip them, so one replica writes each entry. A process that stops between writing
   * and committing leaves its entries to be written again: at least once, and a repeat has the
   * same id. Answers how many were written.
   */
  async logPending(write: (entries: AuditEntry[]) => void, limit: number): Promise<number> {
    const locks = onPostgres(this.db);
    return this.db.transaction().execute(async (trx) => {
      const pending = trx
        .selectFrom('audit_log')
        .leftJoin('staff', 'staff.id', 'audit_log.actor_id')
        .where('audit_log.logged_at', 'is', null)
        .select(ENTRY_COLUMNS)
        .orderBy('audit_log.id')
        .limit(limit);
      const rows = await (locks ? pending.forUpdate('audit_log').skipLocked() : pending).execute();
      if (rows.length === 0) return 0;
      write(await this.namePeople(rows.map(toEntry), trx));
      await trx
        .updateTable('audit_log')
        .set({ logged_at: this.now() })
        .where(
          'id',
          'in',
          rows.map((row) => row.id),
        )
        .execute();
      return rows.length;
    });
  }

  async list(query: AuditQuery): Promise<AuditList> {
    const base = this.filtered(query);
    const [rows, total] = await Promise.all([
      this.selectEntry(query)
        .orderBy('audit_log.at', 'desc')
        .orderBy('audit_log.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      page: query.page,
      pageSize: query.pageSize,
      total: Number(total.n),
      items: await this.namePeople(rows.map(toEntry)),
    };
  }

  /**
   * Details that hold a staff id (STAFF_DETAILS) name the person as an entry's actor is named:
   * display name and email, read now, in one query per page. An id whose account is gone stays.
   */
  private async namePeople(entries: AuditEntry[], db: Kysely<Database> = this.db) {
    const ids = new Set<string>();
    for (const entry of entries) {
      for (const key of STAFF_DETAILS) {
        const value = entry.details[key];
        if (typeof value === 'string') ids.add(value);
      }
    }
    if (ids.size === 0) return entries;
    const people = await db
      .selectFrom('staff')
      .select(['id', 'email', 'display_name'])
      .where('id', 'in', [...ids])
      .execute();
    const byId = new Map(people.map((person) => [person.id, toSummary(person)]));
    for (const entry of entries) {
      for (const key of STAFF_DETAILS) {
        const person = byId.get(entry.details[key] as string);
        if (person) entry.details[key] = person;
      }
    }
    return entries;
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: new Date(Number(row.at)).toISOString(),
    actor:
      row.actor_id && row.email && row.display_name !== null
        ? toSummary({ id: row.actor_id, email: row.email, display_name: row.display_name })
        : null,
    action: row.action as AuditAction,
    subject: row.subject,
    ip: row.ip,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
