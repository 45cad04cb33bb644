import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditTable, Database, LedgerTable } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';
import { inState } from './ledger-attempts.ts';

/**
 * "Revocation pending": written before a revoke is sent, so that a lost answer leaves a trace.
 * A request is identified by its time: a settlement or a refusal clears only the request it
 * is about, never a newer one (an admin trying again meanwhile).
 */
export class LedgerRevocations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  /** True when the issued, unrevoked token is now marked pending with this request. */
  request(id: string, by: string, at: number) {
    return this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('ledger')
        .set({ revocation_requested_at: at, revocation_requested_by: by })
        .where('id', '=', id)
        .where('state', '=', inState('issued'))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  /** The token service refused this request: the token is as it was. */
  withdraw(id: string, at: number) {
    return this.writes.run((trx) =>
      trx
        .updateTable('ledger')
        .set({ revocation_requested_at: null, revocation_requested_by: null })
        .where('id', '=', id)
        .where('revocation_requested_at', '=', at)
        .execute(),
    );
  }

  /**
   * The outcome of request `at` is known: revoked (at the time it was asked for, by who asked)
   * or not. The audit entry goes with the change, and only if this call made it.
   */
  settle(id: string, at: number, revoked: boolean, audit: Insertable<AuditTable>) {
    return this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('ledger')
        .set((eb) => ({
          revoked_at: revoked ? eb.ref('revocation_requested_at') : null,
          revoked_by: revoked ? eb.ref('revocation_requested_by') : null,
          revocation_requested_at: null,
          revocation_requested_by: null,
        }))
        .where('id', '=', id)
        .where('revocation_requested_at', '=', at)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx.insertInto('audit_log').values(audit).execute();
      return true;
    });
  }

  /** Requests sent before `cutoff` (ms) with no known outcome (ledger_revocation_pending). */
  pending(cutoff: number, limit: number): Promise<Array<Selectable<LedgerTable>>> {
    return this.db
      .selectFrom('ledger')
      .selectAll()
      .where('revocation_requested_at', 'is not', null)
      .where('revocation_requested_at', '<=', cutoff)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }
}
