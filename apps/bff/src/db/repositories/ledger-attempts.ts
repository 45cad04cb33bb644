import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { AuditTable, Database, LedgerState, LedgerTable } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';
import { countInRollups } from './ledger-rollups.ts';

/**
 * A state as a literal in the SQL text, not a parameter: the partial indexes of migration 006
 * name the value, and PostgreSQL's generic plan of a prepared statement cannot prove that a
 * parameter equals it (SQLite matches either).
 */
export const inState = (state: LedgerState) => sql.lit<LedgerState>(state);

/** What the token service's answer adds to an attempt (jti, claims, real times, sealed token). */
export type Completion = Updateable<LedgerTable>;

export interface AbandonedAttempt {
  id: string;
  kind: 'staff' | 'viewer';
  target: string;
  policy_id: string | null;
  created_by: string | null;
}

/**
 * Every change of state is conditional (`where state = 'issuing'`), so that of two replicas, or
 * of a late answer and the sweeper, exactly one wins, and each audit entry is written in the
 * same transaction as the change it reports, only by the winner.
 */
export class LedgerAttempts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  /** The answer arrived: the token is recorded, with its audit entry; false if already swept. */
  complete(id: string, completion: Completion, audit?: Insertable<AuditTable>) {
    return this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('ledger')
        .set({ ...completion, state: 'issued' })
        .where('id', '=', id)
        .where('state', '=', inState('issuing'))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      if (audit) await trx.insertInto('audit_log').values(audit).execute();
      return true;
    });
  }

  /** The token service said it minted nothing: the attempt leaves no row. */
  discard(id: string) {
    return this.writes.run(async (trx) => {
      const deleted = await trx
        .deleteFrom('ledger')
        .where('id', '=', id)
        .where('state', '=', inState('issuing'))
        .returning(['kind', 'policy_id', 'created_at'])
        .executeTakeFirst();
      if (!deleted) return false;
      await countInRollups(trx, deleted, -1);
      await trx.deleteFrom('ledger_target').where('ledger_id', '=', id).execute();
      return true;
    });
  }

  /** Marks attempts that may have minted a token no one received; each audited. */
  neverDelivered(marks: Array<{ id: string; audit: Insertable<AuditTable> }>) {
    return this.writes.run(async (trx) => {
      let marked = 0;
      for (const { id, audit } of marks) {
        const result = await trx
          .updateTable('ledger')
          .set({ state: 'never_delivered' })
          .where('id', '=', id)
          .where('state', '=', inState('issuing'))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) continue;
        await trx.insertInto('audit_log').values(audit).execute();
        marked += 1;
      }
      return marked;
    });
  }

  /** Attempts started before `cutoff` (ms) and still open, oldest first (ledger_issuing). */
  abandoned(cutoff: number, limit: number): Promise<AbandonedAttempt[]> {
    return this.db
      .selectFrom('ledger')
      .select(['id', 'kind', 'target', 'policy_id', 'created_by'])
      .where('state', '=', inState('issuing'))
      .where('created_at', '<=', cutoff)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }
}
