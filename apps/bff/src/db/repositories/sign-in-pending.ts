import type { Kysely, Selectable } from 'kysely';
import type { Database, SignInPendingTable, SignInStageValue } from '../schema.ts';

export type SignInPendingRow = Selectable<SignInPendingTable>;

export class SignInPendingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a pending sign-in, dropping expired ones of anyone on the way (they are few). */
  async insert(row: SignInPendingRow) {
    await this.db.deleteFrom('sign_in_pending').where('expires_at', '<=', row.created_at).execute();
    await this.db.insertInto('sign_in_pending').values(row).execute();
  }

  async bySecretHash(secretHash: string) {
    const row = await this.db
      .selectFrom('sign_in_pending')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    if (!row) return undefined;
    return { ...row, created_at: Number(row.created_at), expires_at: Number(row.expires_at) };
  }

  async advance(id: string, stage: SignInStageValue, expiresAt: number) {
    await this.db
      .updateTable('sign_in_pending')
      .set({ stage, expires_at: expiresAt })
      .where('id', '=', id)
      .execute();
  }

  /** Ends one pending sign-in; true if it was still there (it is finished once). */
  async remove(id: string) {
    const result = await this.db
      .deleteFrom('sign_in_pending')
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Every pending sign-in of a staff member (their password or two-factor changed). */
  async removeFor(staffId: string) {
    await this.db.deleteFrom('sign_in_pending').where('staff_id', '=', staffId).execute();
  }
}
