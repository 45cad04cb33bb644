import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The credential columns of `staff`: password, must-change flag and TOTP. */
export class StaffCredentialRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new password: the must-change flag goes, whatever set it. */
  async setPassword(staffId: string, passwordHash: string, at: number) {
    await this.db
      .updateTable('staff')
      .set({ password_hash: passwordHash, must_change_password: 0, password_changed_at: at })
      .where('id', '=', staffId)
      .execute();
  }

  /**
   * Takes the ADMIN_PASSWORD away from accounts of the OpenID provider other than
   * `keepEmail`'s: it was their way in while the provider failed, for as long as ADMIN_EMAIL
   * named them. Conditional, so of replicas starting at once only one reports each account.
   */
  removeSsoPasswords(keepEmail: string | undefined) {
    let update = this.db
      .updateTable('staff')
      .set({ password_hash: '' })
      .where('sso_subject', 'is not', null)
      .where('password_hash', '<>', '');
    if (keepEmail !== undefined) update = update.where('email', '<>', keepEmail.toLowerCase());
    return update.returning(['id', 'email']).execute();
  }

  /**
   * Spends a must-change password on the sign-in that reaches the form: it matches nothing
   * afterwards. Conditional, so of two sign-ins at once only one gets through.
   */
  async spendPassword(staffId: string, passwordHash: string) {
    const result = await this.db
      .updateTable('staff')
      .set({ password_hash: '' })
      .where('id', '=', staffId)
      .where('password_hash', '=', passwordHash)
      .where('must_change_password', '=', 1)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setPendingTotp(staffId: string, sealed: string) {
    await this.db
      .updateTable('staff')
      .set({ totp_pending_secret: sealed })
      .where('id', '=', staffId)
      .execute();
  }

  /** The enrolled secret becomes the secret, if it is still the one the code was checked with. */
  async enableTotp(staffId: string, sealed: string, at: number, step: number) {
    const result = await this.db
      .updateTable('staff')
      .set({
        totp_secret: sealed,
        totp_enabled_at: at,
        totp_last_step: step,
        totp_pending_secret: null,
      })
      .where('id', '=', staffId)
      .where('totp_pending_secret', '=', sealed)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async clearTotp(staffId: string) {
    await this.db
      .updateTable('staff')
      .set({
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_step: null,
        totp_pending_secret: null,
      })
      .where('id', '=', staffId)
      .execute();
  }

  /**
   * Takes a code's time step if it is later than the last one taken: a code (or an earlier
   * one) is accepted once, even by two replicas at the same moment.
   */
  async takeTotpStep(staffId: string, step: number) {
    const result = await this.db
      .updateTable('staff')
      .set({ totp_last_step: step })
      .where('id', '=', staffId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
