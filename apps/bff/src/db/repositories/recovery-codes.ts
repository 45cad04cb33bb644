import type { Kysely } from 'kysely';
import { appendOnlyId } from '../../lib/ids.ts';
import type { Database } from '../schema.ts';

export class RecoveryCodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new set replaces every earlier code of the staff member. */
  async replace(staffId: string, hashes: string[], at: number) {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recovery_code').where('staff_id', '=', staffId).execute();
      if (hashes.length === 0) return;
      await trx
        .insertInto('recovery_code')
        .values(
          hashes.map((code_hash) => ({
            id: appendOnlyId(),
            staff_id: staffId,
            code_hash,
            created_at: at,
            used_at: null,
          })),
        )
        .execute();
    });
  }

  /** The staff member's codes, used ones too (`used_at`): a used one is told apart. */
  ofStaff(staffId: string) {
    return this.db
      .selectFrom('recovery_code')
      .select(['id', 'code_hash', 'used_at'])
      .where('staff_id', '=', staffId)
      .execute();
  }

  async countUnused(staffId: string) {
    const row = await this.db
      .selectFrom('recovery_code')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('staff_id', '=', staffId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Marks a code used, unless a parallel sign-in used it first; true if this one did. */
  async use(id: string, at: number) {
    const result = await this.db
      .updateTable('recovery_code')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
