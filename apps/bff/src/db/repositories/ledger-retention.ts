import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database, LedgerTable, LedgerTermField } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';
import { pruneMinuteRollup } from './ledger-rollups.ts';

const DAY_MS = 86_400_000;
/** A dictionary value unused this long, and named by no row, is dropped (see LedgerTerms). */
const TERM_IDLE_MS = 2 * DAY_MS;

export interface RetentionCutoffs {
  kind: LedgerTable['kind'];
  /** Rows that expired before this (UNIX seconds) go. */
  expiredBefore: number;
  /** A revocable token can be revoked until 24 h after expiry: it stays until then. */
  revocableExpiredBefore: number;
}

/** A row of that kind past its cutoff, and neither an attempt in flight nor a pending revocation. */
const dueFor = (cutoffs: RetentionCutoffs) => (eb: ExpressionBuilder<Database, 'ledger'>) =>
  eb.and([
    eb('kind', '=', cutoffs.kind),
    eb('expires_at', '<', cutoffs.expiredBefore),
    sql<boolean>`state <> 'issuing'`,
    eb('revocation_requested_at', 'is', null),
    eb.or([eb('revocable', '=', 0), eb('expires_at', '<', cutoffs.revocableExpiredBefore)]),
  ]);

type Removed = Pick<
  LedgerTable,
  'id' | 'kind' | 'policy_id' | 'created_at' | 'tag' | 'viewer_user'
>;

/**
 * Removal of expired rows, counted per day of creation into `ledger_daily` (migration 012).
 * Attempts in flight and pending revocations stay: both are still being settled.
 */
export class LedgerRetention {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  /** The next rows due, oldest expiry first (`ledger_kind_expires`). */
  async due(cutoffs: RetentionCutoffs, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('ledger')
      .select('id')
      .where(dueFor(cutoffs))
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * One small transaction (through the write queue, between other writes): removes those of
   * `ids` still due, their targets, and dictionary values no row names any more; adds them to
   * the daily counts. The count of rows removed.
   */
  remove(ids: string[], cutoffs: RetentionCutoffs, nowMs: number): Promise<number> {
    return this.writes.run(async (trx) => {
      const removed = (await trx
        .deleteFrom('ledger')
        .where('id', 'in', ids)
        .where(dueFor(cutoffs))
        .returning(['id', 'kind', 'policy_id', 'created_at', 'tag', 'viewer_user'])
        .execute()) as Removed[];
      if (removed.length === 0) return 0;
      const gone = removed.map((row) => row.id);
      const targets = await trx
        .deleteFrom('ledger_target')
        .where('ledger_id', 'in', gone)
        .returning('value')
        .execute();
      await this.count(trx, removed);
      await this.pruneTerms(trx, removed, targets, nowMs);
      return removed.length;
    });
  }

  /** Minute counts past the live chart's reach (they stay in `ledger_hourly`). */
  pruneMinuteCounts(nowMs: number): Promise<void> {
    return this.writes.run((trx) => pruneMinuteRollup(trx, nowMs));
  }

  private async count(trx: Transaction<Database>, removed: Removed[]) {
    const days = new Map<
      string,
      { day: string; kind: Removed['kind']; policy_id: string; tokens: number }
    >();
    for (const row of removed) {
      const day = new Date(Number(row.created_at)).toISOString().slice(0, 10);
      const policy = row.policy_id ?? '';
      const key = `${day}\u0000${row.kind}\u0000${policy}`;
      const entry = days.get(key) ?? { day, kind: row.kind, policy_id: policy, tokens: 0 };
      entry.tokens += 1;
      days.set(key, entry);
    }
    await trx
      .insertInto('ledger_daily')
      .values([...days.values()])
      .onConflict((oc) =>
        oc.columns(['day', 'kind', 'policy_id']).doUpdateSet((eb) => ({
          tokens: eb('ledger_daily.tokens', '+', eb.ref('excluded.tokens')),
        })),
      )
      .execute();
  }

  /** Values whose last row just went, and that no new row used for two days. */
  private async pruneTerms(
    trx: Transaction<Database>,
    removed: Removed[],
    targets: Array<{ value: string }>,
    nowMs: number,
  ) {
    const candidates: Array<[LedgerTermField, Set<string>, string]> = [
      ['tag', new Set(removed.flatMap((r) => (r.tag ? [r.tag] : []))), 'ledger.tag'],
      [
        'user',
        new Set(removed.flatMap((r) => (r.viewer_user ? [r.viewer_user] : []))),
        'ledger.viewer_user',
      ],
      ['target', new Set(targets.map((t) => t.value)), 'ledger_target.value'],
    ];
    for (const [field, values, column] of candidates) {
      if (values.size === 0) continue;
      const table = column.split('.')[0] as 'ledger' | 'ledger_target';
      await trx
        .deleteFrom('ledger_term')
        .where('field', '=', field)
        .where('value', 'in', [...values])
        .where('seen_at', '<', nowMs - TERM_IDLE_MS)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom(table)
                .select(sql`1`.as('one'))
                .where(sql.ref(column), '=', sql.ref('ledger_term.value')),
            ),
          ),
        )
        .execute();
    }
  }
}
