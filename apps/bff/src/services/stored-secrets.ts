import type { Kysely } from 'kysely';
import { keyOf } from '../db/repositories/idempotency.ts';
import type { Database } from '../db/schema.ts';
import { openWithKeyIndex, seal, type KeyList } from '../lib/crypto.ts';
import {
  answerContext,
  rowContext,
  secretContext,
  tokenContext,
  totpContext,
} from '../lib/crypto-contexts.ts';

export interface ResealOutcome {
  /** Values found under an older key and sealed again under the first. */
  resealed: number;
  /** Values no configured key opens (a key was dropped too early, or replaced). */
  unreadable: number;
}

interface Sealed {
  sealed: string;
  context: string;
  write: (trx: Kysely<Database>, value: string) => Promise<unknown>;
}

/**
 * LEDGER_KEY rotation. Once a new key is put first, this re-encrypts under it everything
 * still needed that an older key sealed: policies' identity secrets (kept as long as the
 * policy), staff members' TOTP secrets (and ones being enrolled), revocable tokens not yet expired or revoked (needed to revoke them),
 * idempotent answers still within their replay window, and the tokens of bulk batches not yet
 * downloaded. Afterwards the older key can be
 * dropped. Expired values stay as they are: nothing reads them again.
 */
export async function resealStoredSecrets(
  db: Kysely<Database>,
  keys: KeyList,
  nowMs: number,
): Promise<ResealOutcome> {
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
      .select(['staff_id', 'scope', 'key', 'response'])
      .where('response', 'is not', null)
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
  ) => ({
    sealed,
    context: totpContext(id),
    write: (trx: Kysely<Database>, value: string) =>
      trx
        .updateTable('staff')
        .set({ [column]: value })
        .where('id', '=', id)
        .where(column, '=', sealed)
        .execute(),
  });
  const values: Sealed[] = [
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
    ...answers.map((row) => {
      const id = { staffId: row.staff_id, scope: row.scope, key: row.key };
      return {
        sealed: row.response as string,
        context: answerContext(id),
        write: (trx: Kysely<Database>, value: string) =>
          trx
            .updateTable('idempotency')
            .set({ response: value })
            .where((eb) => eb.and(keyOf(id)))
            .execute(),
      };
    }),
    ...bulk.map((row) => ({
      sealed: row.encrypted_token as string,
      context: rowContext(row.batch_id, row.n),
      write: (trx: Kysely<Database>, value: string) =>
        trx
          .updateTable('bulk_row')
          .set({ encrypted_token: value })
          .where('batch_id', '=', row.batch_id)
          .where('n', '=', row.n)
          .execute(),
    })),
    ...totp.flatMap((row) => [
      ...(row.totp_secret ? [totpColumn(row.id, 'totp_secret', row.totp_secret)] : []),
      ...(row.totp_pending_secret
        ? [totpColumn(row.id, 'totp_pending_secret', row.totp_pending_secret)]
        : []),
    ]),
  ];

  let unreadable = 0;
  const stale: { value: Sealed; plaintext: string }[] = [];
  for (const value of values) {
    try {
      const { plaintext, keyIndex } = openWithKeyIndex(keys, value.sealed, value.context);
      if (keyIndex > 0) stale.push({ value, plaintext });
    } catch {
      unreadable += 1;
    }
  }
  if (stale.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const { value, plaintext } of stale) {
        await value.write(trx, seal(keys, plaintext, value.context));
      }
    });
  }
  return { resealed: stale.length, unreadable };
}
