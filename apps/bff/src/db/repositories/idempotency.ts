import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyTable } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';

export interface IdempotencyId {
  staffId: string;
  scope: string;
  key: string;
}

export type IdempotencyRow = Selectable<IdempotencyTable>;

/** Rows behind the Idempotency-Key header. The primary key makes the claim atomic. */
export class IdempotencyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  private match(id: IdempotencyId) {
    return this.db
      .selectFrom('idempotency')
      .selectAll()
      .where('staff_id', '=', id.staffId)
      .where('scope', '=', id.scope)
      .where('key', '=', id.key);
  }

  /**
   * Inserts a pending row; false when the key is already taken. `ON CONFLICT DO NOTHING`
   * works the same on SQLite and PostgreSQL, so two replicas cannot both win.
   */
  claim(id: IdempotencyId, bodyHash: string, now: number, pendingUntil: number) {
    return this.writes.run(async (trx) => {
      await trx
        .deleteFrom('idempotency')
        .where('staff_id', '=', id.staffId)
        .where('scope', '=', id.scope)
        .where('key', '=', id.key)
        .where('expires_at', '<=', now)
        .execute();
      const result = await trx
        .insertInto('idempotency')
        .values({
          staff_id: id.staffId,
          scope: id.scope,
          key: id.key,
          body_hash: bodyHash,
          state: 'pending',
          status_code: null,
          response: null,
          created_at: now,
          expires_at: pendingUntil,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    });
  }

  find(id: IdempotencyId): Promise<IdempotencyRow | undefined> {
    return this.match(id).executeTakeFirst();
  }

  async complete(id: IdempotencyId, statusCode: number, sealed: string, expiresAt: number) {
    await this.writes.run((trx) =>
      trx
        .updateTable('idempotency')
        .set({ state: 'done', status_code: statusCode, response: sealed, expires_at: expiresAt })
        .where('staff_id', '=', id.staffId)
        .where('scope', '=', id.scope)
        .where('key', '=', id.key)
        .execute(),
    );
  }

  async release(id: IdempotencyId) {
    await this.writes.run((trx) =>
      trx
        .deleteFrom('idempotency')
        .where('staff_id', '=', id.staffId)
        .where('scope', '=', id.scope)
        .where('key', '=', id.key)
        .where('state', '=', 'pending')
        .execute(),
    );
  }

  /** Housekeeping: drops every expired row (stored answers may hold tokens). */
  async purgeExpired(now: number) {
    await this.db.deleteFrom('idempotency').where('expires_at', '<=', now).execute();
  }
}
