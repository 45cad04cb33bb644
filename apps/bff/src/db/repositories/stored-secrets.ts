import type { Kysely } from 'kysely';
import {
  answerContext,
  bodyHashContext,
  isPlainBodyHash,
  rowContext,
  secretContext,
  tokenContext,
  totpContext,
} from '../../lib/crypto-contexts.ts';
import type { Database } from '../schema.ts';
import { keyOf } from './idempotency.ts';

/** A sealed value in some row, with what it is bound to and how to store it sealed anew. */
export interface StoredSecret {
  sealed: string;
  context: string;
  write: (trx: Kysely<Database>, value: string) => Promise<unknown>;
}

/**
 * Every value sealed with the ledger keys, across the tables that hold one, for LEDGER_KEY
 * rotation (services/stored-secrets.ts).
 */
export class StoredSecretRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * What is still needed: policies' identity secrets (kept as long as the policy), staff
   * members' TOTP secrets (and ones being enrolled), revocable tokens not yet expired or
   * revoked (needed to revoke them), idempotent answers and their requests' body hashes still
   * within their lease or replay window, and the tokens of bulk batches not yet downloaded. Expired values are left out: nothing reads
   * them again.
   */
  async stillNeeded(nowMs: number): Promise<StoredSecret[]> {
    const db = this.db;
    const [policies, tokens, answers, totp, bulk] = await Promise.all([
      db
        .selectFrom('policy')
        .select(['id', 'identity_secret'])
        .where('identity_secret', 'is not', null)
        .execute(),
      db
        .selectFrom('ledger')
        .select(['id', 'encrypted_token'])
        .where('encrypted_token', 'is not', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', Math.floor(nowMs / 1000))
        .execute(),
      db
        .selectFrom('idempotency')
        .select(['staff_id', 'scope', 'key', 'response', 'body_hash'])
        .where('expires_at', '>', nowMs)
        .execute(),
      db
        .selectFrom('staff')
        .select(['id', 'totp_secret', 'totp_pending_secret'])
        .where((eb) =>
          eb.or([eb('totp_secret', 'is not', null), eb('totp_pending_secret', 'is not', null)]),
        )
        .execute(),
      db
        .selectFrom('bulk_row')
        .select(['batch_id', 'n', 'encrypted_token'])
        .where('encrypted_token', 'is not', null)
        .execute(),
    ]);
    const totpColumn = (
      id: string,
      column: 'totp_secret' | 'totp_pending_secret',
      sealed: string,
    ): StoredSecret => ({
      sealed,
      context: totpContext(id),
      write: (trx, value) =>
        trx
          .updateTable('staff')
          .set({ [column]: value })
          .where('id', '=', id)
          .where(column, '=', sealed)
          .execute(),
    });
    return [
      ...policies.map(({ id, identity_secret }) => ({
        sealed: identity_secret as string,
        context: secretContext(id),
        write: (trx: Kysely<Database>, value: string) =>
          trx.updateTable('policy').set({ identity_secret: value }).where('id', '=', id).execute(),
      })),
      ...tokens.map(({ id, encrypted_token }) => ({
        sealed: encrypted_token as string,
        context: tokenContext(id),
        write: (trx: Kysely<Database>, value: string) =>
          trx.updateTable('ledger').set({ encrypted_token: value }).where('id', '=', id).execute(),
      })),
      ...answers.flatMap((row) => {
        const id = { staffId: row.staff_id, scope: row.scope, key: row.key };
        const column = (
          name: 'response' | 'body_hash',
          sealed: string,
          context: string,
        ): StoredSecret => ({
          sealed,
          context,
          write: (trx, value) =>
            trx
              .updateTable('idempotency')
              .set({ [name]: value })
              .where((eb) => eb.and(keyOf(id)))
              .where(name, '=', sealed)
              .execute(),
        });
        return [
          ...(row.response === null ? [] : [column('response', row.response, answerContext(id))]),
          // Rows from before body hashes were sealed hold a plain sha256: nothing to seal again.
          ...(isPlainBodyHash(row.body_hash)
            ? []
            : [column('body_hash', row.body_hash, bodyHashContext(id))]),
        ];
      }),
      ...bulk.map((row) => ({
        sealed: row.encrypted_token as string,
        context: rowContext(row.batch_id, row.n),
        // Only while it holds what was read: a download or the week's erasing on a replica
        // still serving may have erased it since, and an erased token stays erased.
        write: (trx: Kysely<Database>, value: string) =>
          trx
            .updateTable('bulk_row')
            .set({ encrypted_token: value })
            .where('batch_id', '=', row.batch_id)
            .where('n', '=', row.n)
            .where('encrypted_token', '=', row.encrypted_token as string)
            .execute(),
      })),
      ...totp.flatMap((row) => [
        ...(row.totp_secret ? [totpColumn(row.id, 'totp_secret', row.totp_secret)] : []),
        ...(row.totp_pending_secret
          ? [totpColumn(row.id, 'totp_pending_secret', row.totp_pending_secret)]
          : []),
      ]),
    ];
  }

  /** Stores each secret's new sealed value: all of them or, on a failure, none. */
  async replace(changes: Array<{ secret: StoredSecret; sealed: string }>) {
    if (changes.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const { secret, sealed } of changes) await secret.write(trx, sealed);
    });
  }
}
