import { TOKEN_COUNT_CAP, type TokenTarget } from '@ptd/contracts';
import { PostgresAdapter, type Insertable, type Kysely } from 'kysely';
import type { AuditTable, Database, LedgerTable } from '../schema.ts';
import type { MergedWrite, WriteQueue } from '../write-queue.ts';
import { LedgerAttempts } from './ledger-attempts.ts';
import { encodeCursor, type Cursor } from './ledger-cursor.ts';
import { ORGANISATION_TARGET, targetValues, type LedgerRowWithStaff } from './ledger-record.ts';
import { LedgerRetention } from './ledger-retention.ts';
import { LedgerInsights } from './ledger-insights.ts';
import { LedgerRevocations } from './ledger-revocations.ts';
import { BulkRevocationRepository } from './bulk-revocations.ts';
import {
  LedgerSearchQueries,
  type KeyedRow,
  type LedgerSearch,
  type Position,
} from './ledger-search.ts';
import { countInRollups, rollupRows } from './ledger-rollups.ts';
import { insertLedgerBatchPostgres } from './ledger-insert-postgres.ts';
import { LedgerTerms, type Term } from './ledger-terms.ts';

export type LedgerInsert = Insertable<LedgerTable>;

interface PendingInsert {
  row: LedgerInsert;
  values: string[];
  terms: Term[];
  audit: Insertable<AuditTable> | undefined;
}

export class LedgerRepository {
  /** Rows written before the token service is asked, and what becomes of them. */
  readonly attempts: LedgerAttempts;
  /** Revokes sent whose outcome is not known yet. */
  readonly revocations: LedgerRevocations;
  /** Expired rows past the retention period, removed in small batches. */
  readonly retention: LedgerRetention;
  /** The dictionary of tags, users and target values the text filters search. */
  readonly terms: LedgerTerms;
  /** Revokes by filter: the jobs and the tokens each covers. */
  readonly bulkRevocations: BulkRevocationRepository;
  /** The event overview's counts. */
  readonly insights: LedgerInsights;
  private readonly search: LedgerSearchQueries;
  private readonly dialect: 'postgres' | 'sqlite';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly writes: WriteQueue,
  ) {
    this.attempts = new LedgerAttempts(db, writes);
    this.revocations = new LedgerRevocations(db, writes);
    this.retention = new LedgerRetention(db, writes);
    this.bulkRevocations = new BulkRevocationRepository(db, writes);
    this.insights = new LedgerInsights(db);
    const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
    this.dialect = dialect;
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
    await this.writes.runMerged(this.insertAll, { row, values, terms, audit });
    this.terms.remember(terms, row.created_at);
  }

  /**
   * The inserts of one batch as one multi-row statement per table; on PostgreSQL, when no
   * audit entry or new search term comes with them (a viewer's attempt, once its terms are
   * known today), the ledger rows and their targets in a single statement.
   */
  private readonly insertAll: MergedWrite<PendingInsert, void> = Object.assign(
    (trx: Kysely<Database>, items: PendingInsert[]) => this.insertRows(trx, items),
    { oneStatement: (items: PendingInsert[]) => this.dialect === 'postgres' && plain(items) },
  );

  private async insertRows(trx: Kysely<Database>, items: PendingInsert[]): Promise<void[]> {
    const targets = items.flatMap(({ row, values }) =>
      values.map((value) => ({ ledger_id: row.id, value, created_at: row.created_at })),
    );
    const rows = items.map(({ row }) => row);
    if (this.dialect === 'postgres' && plain(items)) {
      // The event overview's counts in the same statement.
      await insertLedgerBatchPostgres(trx, rows, targets, rollupRows(rows, 1));
      return items.map(() => undefined);
    }
    const audits = items.flatMap(({ audit }) => (audit ? [audit] : []));
    if (audits.length > 0) await trx.insertInto('audit_log').values(audits).execute();
    await trx.insertInto('ledger').values(rows).execute();
    await trx.insertInto('ledger_target').values(targets).execute();
    await countInRollups(trx, rows, 1);
    // One upsert of a term per statement: PostgreSQL refuses to change a row twice in one.
    const latest = new Map<string, { term: Term; at: number }>();
    for (const { row, terms } of items) {
      for (const term of terms) {
        const key = `${term.field}\u0000${term.value}`;
        const seen = latest.get(key);
        if (!seen || seen.at < row.created_at) latest.set(key, { term, at: row.created_at });
      }
    }
    const byTime = new Map<number, Term[]>();
    for (const { term, at } of latest.values()) byTime.set(at, [...(byTime.get(at) ?? []), term]);
    for (const [at, terms] of byTime) await this.terms.write(trx, terms, at);
    return items.map(() => undefined);
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

  /** Whether a row with this id is in the ledger (a write whose answer was lost). */
  async exists(id: string): Promise<boolean> {
    const found = await this.db
      .selectFrom('ledger')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    return found !== undefined;
  }

  /** A token's row, by its claims' `iat` and `jti` (the index they lead: migration 018). */
  async byIssueAndJti(issuedAt: number, jti: string): Promise<LedgerRowWithStaff | undefined> {
    return this.selectRecord()
      .where('ledger.issued_at', '=', issuedAt)
      .where('ledger.jti', '=', jti)
      .executeTakeFirst();
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

  /**
   * Every row that matches, `size` at a time, in the list's order, each page read by keyset
   * (so memory holds one page, whatever the number of matches). One clock reading for the
   * whole scan (`nowMs`, now by default): a status does not change under it.
   */
  async *scan(
    search: LedgerSearch,
    size = 500,
    nowMs = this.now(),
  ): AsyncGenerator<LedgerRowWithStaff[]> {
    let at: Position | undefined;
    for (;;) {
      const keyed = await this.search.rowsOnly(search, size, nowMs, at);
      if (keyed.length === 0) return;
      yield await this.records(keyed.map((row) => row.id));
      if (keyed.length < size) return;
      const last = keyed[keyed.length - 1] as KeyedRow;
      at = { direction: 'after', key: Number(last.k), id: last.id };
    }
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
/** Rows alone: no audit entry and no new search term to write with them. */
const plain = (items: PendingInsert[]) =>
  items.every(({ audit, terms }) => audit === undefined && terms.length === 0);

function termsOf(row: LedgerInsert, targets: string[]): Term[] {
  const terms: Term[] = targets
    .filter((value) => value !== ORGANISATION_TARGET)
    .map((value) => ({ field: 'target', value }));
  if (row.tag) terms.push({ field: 'tag', value: row.tag });
  if (row.viewer_user) terms.push({ field: 'user', value: row.viewer_user });
  return terms;
}
