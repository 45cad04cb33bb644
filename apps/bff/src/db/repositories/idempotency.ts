import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyTable } from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';

export interface IdempotencyId {
  staffId: string;
  scope: string;
  key: string;
}

export type IdempotencyRow = Selectable<IdempotencyTable>;

/** The primary key's columns, as an equality filter (`where((eb) => eb.and(keyOf(id)))`). */
export const keyOf = (id: IdempotencyId) => ({
  staff_id: id.staffId,
  scope: id.scope,
  key: id.key,
});

/** Rows behind the Idempotency-Key header. The primary key makes the claim atomic. */
export class IdempotencyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  /**
   * Inserts a pending row held by `owner` until `leaseUntil`, or takes over one whose lease or
   * replay time is over; false when the key is held. One statement: `ON CONFLICT … DO UPDATE …
   * WHERE` works the same on SQLite and PostgreSQL, so two replicas cannot both win.
   */
  claim(id: IdempotencyId, bodyHash: string, now: number, leaseUntil: number, owner: string) {
    const claimed = {
      body_hash: bodyHash,
      state: 'pending',
      status_code: null,
      response: null,
      created_at: now,
      expires_at: leaseUntil,
      lease_owner: owner,
    } as const;
    return this.writes.run(async (trx) => {
      const result = await trx
        .insertInto('idempotency')
        .values({ ...keyOf(id), ...claimed })
        .onConflict((oc) =>
          oc
            .columns(['staff_id', 'scope', 'key'])
            .doUpdateSet(claimed)
            .where('idempotency.expires_at', '<=', now),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    });
  }

  find(id: IdempotencyId): Promise<IdempotencyRow | undefined> {
    return this.db
      .selectFrom('idempotency')
      .selectAll()
      .where((eb) => eb.and(keyOf(id)))
      .executeTakeFirst();
  }

  /** Extends a pending claim this owner still holds; false when it was taken over. */
  renew(id: IdempotencyId, owner: string, leaseUntil: number) {
    return this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('idempotency')
        .set({ expires_at: leaseUntil })
        .where((eb) => eb.and({ ...keyOf(id), state: 'pending', lease_owner: owner }))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  /** Stores the answer, unless another request took the key over meanwhile. */
  async complete(
    id: IdempotencyId,
    owner: string,
    statusCode: number,
    sealed: string,
    expiresAt: number,
  ) {
    await this.writes.run((trx) =>
      trx
        .updateTable('idempotency')
        .set({ state: 'done', status_code: statusCode, response: sealed, expires_at: expiresAt })
        .where((eb) => eb.and({ ...keyOf(id), lease_owner: owner }))
        .execute(),
    );
  }

  async release(id: IdempotencyId, owner: string) {
    await this.writes.run((trx) =>
      trx
        .deleteFrom('idempotency')
        .where((eb) => eb.and({ ...keyOf(id), state: 'pending', lease_owner: owner }))
        .execute(),
    );
  }

  /** Housekeeping: drops every expired row (stored answers may hold tokens). */
  async purgeExpired(now: number) {
    await this.db.deleteFrom('idempotency').where('expires_at', '<=', now).execute();
  }
}
