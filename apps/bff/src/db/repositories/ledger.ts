import { TOKEN_COUNT_CAP, type TokenTarget } from '@ptd/contracts';
import { PostgresAdapter, type Insertable, type Kysely } from 'kysely';
import type { AuditTable, Database, LedgerTable } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';
import { LedgerAttempts } from './ledger-attempts.ts';
import { encodeCursor, type Cursor } from './ledger-cursor.ts';
import { ORGANISATION_TARGET, targetValues, type LedgerRowWithStaff } from './ledger-record.ts';
import { LedgerRetention } from './ledger-retention.ts';
import { LedgerInsights } from './ledger-insights.ts';
import { LedgerRevocations } from './ledger-revocations.ts';
import { countInRollups } from './ledger-rollups.ts';
import { LedgerSearchQueries, type KeyedRow, type LedgerSearch } from './ledger-search.ts';
import { LedgerTerms, type Term } from './ledger-terms.ts';

export type LedgerInsert = Insertable<LedgerTable>;

export class LedgerRepository {
  /** Rows written before the token service is asked, and what becomes of them. */
  readonly attempts: LedgerAttempts;
  /** Revokes sent whose outcome is not known yet. */
  readonly revocations: LedgerRevocations;
  /** Expired rows past the retention period, removed in small batches. */
  readonly retention: LedgerRetention;
  /** The dictionary of tags, users and target values the text filters search. */
  readonly terms: LedgerTerms;
  /** The event overview's counts. */
  readonly insights: LedgerInsights;
  private readonly search: LedgerSearchQueries;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly writes: WriteQueue,
  ) {
    this.attempts = new LedgerAttempts(db, writes);
    this.revocations = new LedgerRevocations(db, writes);
    this.retention = new LedgerRetention(db, writes);
    this.insights = new LedgerInsights(db);
    const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    this.terms = new LedgerTerms(db, dialect);
    this.search = new LedgerSearchQueries(db, dialect);
  }

  /**
   * The row and its target index in one transaction: both or neither; with `audit`, the audit
   * row (built by AuditRepository.row) joins them, so "created" is never logged without the row.
   */
  async insert(row: LedgerInsert, target: TokenTarget, audit?: Insertable<AuditTable>) {
    const values = targetValues(target);
    const terms = this.terms.pending(termsOf(row, values), row.created_at);
    await this.writes.run(async (trx) => {
      if (audit) await trx.insertInto('audit_log').values(audit).execute();
      await trx.insertInto('ledger').values(row).execute();
      await trx
        .insertInto('ledger_target')
        .values(values.map((value) => ({ ledger_id: row.id, value, created_at: row.created_at })))
        .execute();
      await this.terms.write(trx, terms, row.created_at);
      await countInRollups(trx, row, 1);
    });
    this.terms.remember(terms, row.created_at);
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

  /** Every staff member's id, email and name: what the creator filter matches. */
  staffNames() {
    return this.db.selectFrom('staff').select(['id', 'email', 'display_name']).execute();
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

  /**
   * One page of the list, `size` rows after or before `at` (the first page without it), with
   * the count up to the cap and the cursors of the pages around it.
   */
  async list(search: LedgerSearch, size: number, at?: Cursor): Promise<LedgerPage> {
    const nowMs = this.now();
    const found = await this.search.page(search, size + 1, nowMs, at);
    if (at?.direction === 'before' && found.rows.length < size) {
      // Fewer rows before this point than a page (tokens were removed): the first page.
      const first = await this.search.page(search, size + 1, nowMs);
      return this.assemble(search, first, size, 0, undefined, nowMs);
    }
    return this.assemble(search, found, size, at ? at.offset : 0, at, nowMs);
  }

  private async assemble(
    search: LedgerSearch,
    found: { rows: KeyedRow[]; total: number; capped: boolean },
    size: number,
    start: number,
    at: Cursor | undefined,
    nowMs: number,
  ): Promise<LedgerPage> {
    const backwards = at?.direction === 'before';
    const more = found.rows.length > size;
    const keyed = found.rows.slice(0, size);
    if (backwards) keyed.reverse();
    const cursor = (row: KeyedRow, direction: Cursor['direction'], offset: number) =>
      encodeCursor({
        sort: search.sort,
        order: search.order,
        direction,
        key: Number(row.k),
        id: row.id,
        offset,
      });
    const first = keyed[0];
    const last = keyed.at(-1);
    const hasBefore = backwards ? more : at !== undefined;
    const hasAfter = backwards ? true : more;
    const rows = await this.records(keyed.map((row) => row.id));
    // A count that stopped early must not say fewer than the pages show.
    const shown = start + keyed.length + (hasAfter ? 1 : 0);
    const short = found.total < shown;
    return {
      rows,
      total: short ? Math.min(shown - (hasAfter ? 1 : 0), TOKEN_COUNT_CAP) : found.total,
      capped: found.capped || (short && hasAfter),
      offset: start,
      nextCursor: hasAfter && last ? cursor(last, 'after', start + size) : null,
      prevCursor: hasBefore && first ? cursor(first, 'before', Math.max(0, start - size)) : null,
      nowMs,
    };
  }

  /** Pages the narrow id list first, then joins staff for just those rows, in that order. */
  private async records(ids: string[]): Promise<LedgerRowWithStaff[]> {
    if (ids.length === 0) return [];
    const order = new Map(ids.map((id, i) => [id, i]));
    const rows = await this.selectRecord().where('ledger.id', 'in', ids).execute();
    return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }
}

export interface LedgerPage {
  rows: LedgerRowWithStaff[];
  total: number;
  capped: boolean;
  offset: number;
  nextCursor: string | null;
  prevCursor: string | null;
  /** The clock reading the statuses were computed with. */
  nowMs: number;
}

/** What of a row the text filters find it by. */
function termsOf(row: LedgerInsert, targets: string[]): Term[] {
  const terms: Term[] = targets
    .filter((value) => value !== ORGANISATION_TARGET)
    .map((value) => ({ field: 'target', value }));
  if (row.tag) terms.push({ field: 'tag', value: row.tag });
  if (row.viewer_user) terms.push({ field: 'user', value: row.viewer_user });
  return terms;
}
