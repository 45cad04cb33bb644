import type { Kysely, Selectable } from 'kysely';
import type { Database, PasswordResetTable } from '../schema.ts';

export type PasswordResetRow = Selectable<PasswordResetTable>;

export class PasswordResetRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new link; any link of the staff member not yet used stops working. */
  async issue(row: PasswordResetRow) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('password_reset')
        .where('staff_id', '=', row.staff_id)
        .where('used_at', 'is', null)
        .execute();
      await trx.insertInto('password_reset').values(row).execute();
    });
  }

  async bySecretHash(secretHash: string) {
    const row = await this.db
      .selectFrom('password_reset')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      ...row,
      created_at: Number(row.created_at),
      expires_at: Number(row.expires_at),
      used_at: row.used_at === null ? null : Number(row.used_at),
    };
  }

  /** Uses the link once: of two requests at once, only one gets true. */
  async use(id: string, at: number) {
    const result = await this.db
      .updateTable('password_reset')
      .set({ used_at: at })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Links not used yet stop working (the password was changed another way). */
  async withdraw(staffId: string) {
    await this.db
      .deleteFrom('password_reset')
      .where('staff_id', '=', staffId)
      .where('used_at', 'is', null)
      .execute();
  }
}
