import type { Role, Staff, StaffSummary } from '@ptd/contracts';
import type { Insertable, Kysely, Selectable } from 'kysely';
import { onPostgres } from '../dialect.ts';
import type { Database, StaffTable } from '../schema.ts';

export type StaffRow = Selectable<StaffTable>;

export const toStaff = (row: StaffRow): Staff => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  disabled: Boolean(row.disabled),
  createdAt: new Date(Number(row.created_at)).toISOString(),
  lastSignInAt:
    row.last_sign_in_at === null ? null : new Date(Number(row.last_sign_in_at)).toISOString(),
  twoFactor: row.totp_enabled_at !== null,
  singleSignOn: isSsoAccount(row),
});

/** Provisioned by the OpenID provider: no local password, two-factor is the provider's. */
export const isSsoAccount = (row: Pick<StaffRow, 'sso_subject'>) => row.sso_subject !== null;

/**
 * Whether a password can sign the account in: a local account's, or the ADMIN_PASSWORD an
 * account of the OpenID provider is given while ADMIN_EMAIL names it (its way in while the
 * provider fails). Empty for other provider accounts and for a spent must-change password.
 */
export const hasPassword = (row: Pick<StaffRow, 'password_hash'>) => row.password_hash !== '';

/** A new account: the credential columns start empty (no two-factor, no must-change). */
export type NewStaffRow = Insertable<StaffTable>;

export const toSummary = (row: Pick<StaffRow, 'id' | 'email' | 'display_name'>): StaffSummary => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
});

export class StaffRepository {
  constructor(private readonly db: Kysely<Database>) {}

  byId(id: string) {
    return this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byEmail(email: string) {
    return this.db
      .selectFrom('staff')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  list() {
    return this.db.selectFrom('staff').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async count() {
    const row = await this.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * A role change or a disabling that would leave no active admin is refused ('last-admin');
   * otherwise the account is updated (undefined when it is gone). The count and the update are
   * one transaction that first locks the active admins' rows (PostgreSQL `FOR UPDATE`): two
   * admins demoting each other at once, even on two replicas, take turns, and the second sees
   * the first's change. SQLite has one writer at a time already.
   */
  async updateKeepingAnAdmin(
    id: string,
    changes: Partial<Pick<StaffRow, 'role' | 'disabled'>>,
  ): Promise<StaffRow | undefined | 'last-admin'> {
    const locks = onPostgres(this.db);
    return this.db.transaction().execute(async (trx) => {
      const admins = trx
        .selectFrom('staff')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled', '=', 0);
      const active = await (locks ? admins.forUpdate() : admins).execute();
      const stillAdmin =
        (changes.role === undefined || changes.role === 'admin') && changes.disabled !== 1;
      if (!stillAdmin && active.some((admin) => admin.id === id) && active.length <= 1) {
        return 'last-admin' as const;
      }
      await trx.updateTable('staff').set(changes).where('id', '=', id).execute();
      return trx.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
    });
  }

  async insert(row: NewStaffRow) {
    await this.db.insertInto('staff').values(row).execute();
    const inserted = await this.byId(row.id);
    if (!inserted) throw new Error('The staff account just added cannot be read back.');
    return inserted;
  }

  async update(
    id: string,
    changes: Partial<
      Pick<
        StaffRow,
        'role' | 'disabled' | 'password_hash' | 'display_name' | 'must_change_password'
      >
    >,
  ) {
    await this.db.updateTable('staff').set(changes).where('id', '=', id).execute();
    return this.byId(id);
  }

  /** Inserts unless the email is taken (another replica may have just created it); true if inserted. */
  async insertIfAbsent(row: NewStaffRow) {
    const result = await this.db
      .insertInto('staff')
      .values(row)
      .onConflict((oc) => oc.column('email').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  bySsoIdentity(issuer: string, subject: string) {
    return this.db
      .selectFrom('staff')
      .selectAll()
      .where('sso_issuer', '=', issuer)
      .where('sso_subject', '=', subject)
      .executeTakeFirst();
  }

  /**
   * Adds an account provisioned by single sign-on; undefined when its identity (or email) was
   * taken meanwhile, e.g. by another replica signing the same person in.
   */
  async insertSso(row: NewStaffRow) {
    const result = await this.db
      .insertInto('staff')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return undefined;
    return this.byId(row.id);
  }

  async recordSignIn(id: string, at: number) {
    await this.db.updateTable('staff').set({ last_sign_in_at: at }).where('id', '=', id).execute();
  }
}

export type { Role };
