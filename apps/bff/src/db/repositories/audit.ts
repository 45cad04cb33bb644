import type { AuditEntry, AuditList } from '@ptd/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';
import { toSummary } from './staff.ts';
import { appendOnlyId } from '../../lib/ids.ts';

export type AuditAction = AuditEntry['action'];

export interface AuditInput {
  action: AuditAction;
  actorId: string | null;
  subject?: string | null;
  ip?: string | null;
  /** Facts only: never a token, a password or a credential. */
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: AuditAction | undefined;
  /** A staff id, or an email address. */
  actor?: string | undefined;
}

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

  async list(query: AuditQuery): Promise<AuditList> {
    let base = this.db.selectFrom('audit_log').leftJoin('staff', 'staff.id', 'audit_log.actor_id');
    if (query.action) base = base.where('audit_log.action', '=', query.action);
    if (query.actor) {
      const actor = query.actor;
      base = actor.includes('@')
        ? base.where('staff.email', '=', actor.toLowerCase())
        : base.where('audit_log.actor_id', '=', actor);
    }
    const [rows, total] = await Promise.all([
      base
        .select([
          'audit_log.id',
          'audit_log.at',
          'audit_log.action',
          'audit_log.subject',
          'audit_log.ip',
          'audit_log.details',
          'audit_log.actor_id',
          'staff.email',
          'staff.display_name',
        ])
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
      items: rows.map((row) => ({
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
      })),
    };
  }
}
