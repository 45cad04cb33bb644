import type { TokenList, TokenListQuery, TokenTarget } from '@ptd/contracts';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { AuditTable, Database, LedgerTable } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';
import { LedgerAttempts, inState } from './ledger-attempts.ts';
import { targetValues, toTokenRecord, type LedgerRowWithStaff } from './ledger-record.ts';
import { LedgerRevocations } from './ledger-revocations.ts';

export type LedgerInsert = Insertable<LedgerTable>;

export class LedgerRepository {
  /** Rows written before the token service is asked, and what becomes of them. */
  readonly attempts: LedgerAttempts;
  /** Revokes sent whose outcome is not known yet. */
  readonly revocations: LedgerRevocations;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly writes: WriteQueue,
  ) {
    this.attempts = new LedgerAttempts(db, writes);
    this.revocations = new LedgerRevocations(db, writes);
  }

  /**
   * The row and its target index in one transaction: both or neither; with `audit`, the audit
   * row (built by AuditRepository.row) joins them, so "created" is never logged without the row.
   */
  async insert(row: LedgerInsert, target: TokenTarget, audit?: Insertable<AuditTable>) {
    await this.writes.run(async (trx) => {
      if (audit) await trx.insertInto('audit_log').values(audit).execute();
      await trx.insertInto('ledger').values(row).execute();
      const values = targetValues(target);
      if (values.length > 0) {
        await trx
          .insertInto('ledger_target')
          .values(values.map((value) => ({ ledger_id: row.id, value, created_at: row.created_at })))
          .execute();
      }
    });
  }

  private withStaff() {
    return this.db
      .selectFrom('ledger')
      .leftJoin('staff as creator', 'creator.id', 'ledger.created_by')
      .leftJoin('staff as revoker', 'revoker.id', 'ledger.revoked_by')
      .leftJoin('policy', 'policy.id', 'ledger.policy_id');
  }

  private selectRecord() {
    return this.withStaff()
      .selectAll('ledger')
      .select([
        'creator.email as creator_email',
        'creator.display_name as creator_name',
        'revoker.email as revoker_email',
        'revoker.display_name as revoker_name',
        'policy.name as policy_name',
      ]);
  }

  async byId(id: string): Promise<LedgerRowWithStaff | undefined> {
    return this.selectRecord().where('ledger.id', '=', id).executeTakeFirst();
  }

  async byJti(jti: string): Promise<LedgerRowWithStaff | undefined> {
    return this.selectRecord().where('ledger.jti', '=', jti).executeTakeFirst();
  }

  /** Marks a token revoked unless someone else did first; true when this call did. */
  async markRevoked(id: string, by: string, at: number) {
    const result = await this.db
      .updateTable('ledger')
      .set({
        revoked_at: at,
        revoked_by: by,
        revocation_requested_at: null,
        revocation_requested_by: null,
      })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(query: TokenListQuery): Promise<TokenList> {
    const nowMs = this.now();
    const nowS = Math.floor(nowMs / 1000);
    let base = this.db.selectFrom('ledger');
    // The same order as statusOf. Each status leads with its partial index's condition
    // (migrations 003 and 006); the rest only drops the few rows of another status.
    const timed = () =>
      base
        .where('ledger.revoked_at', 'is', null)
        .where('ledger.state', '=', inState('issued'))
        .where('ledger.revocation_requested_at', 'is', null);
    if (query.status === 'revoked') base = base.where('ledger.revoked_at', 'is not', null);
    if (query.status === 'revocation-pending') {
      base = base.where('ledger.revocation_requested_at', 'is not', null);
    }
    if (query.status === 'never-delivered') {
      base = base.where('ledger.state', '=', inState('never_delivered'));
    }
    if (query.status === 'issuing') base = base.where('ledger.state', '=', inState('issuing'));
    if (query.status === 'expired') base = timed().where('ledger.expires_at', '<=', nowS);
    if (query.status === 'scheduled') {
      base = timed().where('ledger.expires_at', '>', nowS).where('ledger.not_before', '>', nowS);
    }
    if (query.status === 'active') {
      base = timed().where('ledger.expires_at', '>', nowS).where('ledger.not_before', '<=', nowS);
    }
    if (query.stream) {
      // Walk the stream's own index, newest first (see migration 004); the ledger row is a
      // primary-key lookup. The builder keeps the ledger-only type: every filter below names
      // ledger columns, and the joined table is only read through `sql.ref`.
      base = base
        .innerJoin('ledger_target', 'ledger_target.ledger_id', 'ledger.id')
        .where('ledger_target.value', '=', query.stream) as unknown as typeof base;
    }
    if (query.tag) base = base.where('ledger.tag', '=', query.tag);
    if (query.user) base = base.where('ledger.viewer_user', '=', query.user);
    if (query.policy) base = base.where('ledger.policy_id', '=', query.policy);
    if (query.createdBy) {
      const by = query.createdBy;
      base = by.includes('@')
        ? base.where('ledger.created_by', 'in', (eb) =>
            eb.selectFrom('staff').select('staff.id').where('staff.email', '=', by.toLowerCase()),
          )
        : base.where('ledger.created_by', '=', by);
    }

    const byStream = query.stream !== undefined;
    const sortColumn =
      query.sort === 'expiresAt'
        ? sql.ref('ledger.expires_at')
        : sql.ref(byStream ? 'ledger_target.created_at' : 'ledger.created_at');
    const tieBreaker = sql.ref(byStream ? 'ledger_target.ledger_id' : 'ledger.id');
    // Counted from the stream's own index when no other filter applies; a filter added to the
    // query later lands in `filters` and turns this off by itself.
    const {
      stream: _stream,
      page: _page,
      pageSize: _size,
      sort: _sort,
      order: _order,
      ...filters
    } = query;
    const onlyStream = byStream && Object.values(filters).every((value) => value === undefined);
    const count = onlyStream
      ? this.db
          .selectFrom('ledger_target')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('value', '=', query.stream as string)
      : base.select((eb) => eb.fn.countAll().as('n'));
    const [ids, total] = await Promise.all([
      base
        .select('ledger.id')
        .orderBy(sortColumn, query.order)
        .orderBy(tieBreaker, query.order)
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    // Page the narrow id list first, then join staff for just those rows.
    const order = new Map(ids.map((r, i) => [r.id, i]));
    const rows =
      ids.length === 0
        ? []
        : await this.selectRecord()
            .where(
              'ledger.id',
              'in',
              ids.map((r) => r.id),
            )
            .execute();
    rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return {
      page: query.page,
      pageSize: query.pageSize,
      total: Number(total.n),
      items: rows.map((row) => toTokenRecord(row, nowMs)),
    };
  }
}
