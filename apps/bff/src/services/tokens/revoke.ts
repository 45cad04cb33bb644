import { canRevokeToken, type Role, type TokenRecord } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { toTokenRecord } from '../../db/repositories/ledger-record.ts';
import { open } from '../../lib/crypto.ts';
import { HttpError, conflict, notFound, withSentence } from '../../lib/errors.ts';
import { isRefusal } from '../../upstream/client.ts';
import { readOnlyCredential } from '../credential-role.ts';
import { tokenContext } from '../../lib/crypto-contexts.ts';
import type { TokenServiceDeps } from './deps.ts';

/** nanoStream accepts revoking an expired token for a day: its live sessions may still run. */
export const REVOKE_GRACE_SECONDS = 24 * 60 * 60;

/** The same failure, saying that the outcome is being found out. */
const outcomeUnknown = (error: unknown) =>
  withSentence(
    error,
    'The token may have been revoked all the same: Playback tokens shows it as "Revocation pending" until the token service confirms either way. You can try again.',
  );

export type RevokeDeps = Pick<
  TokenServiceDeps,
  'repos' | 'nanostream' | 'now' | 'ledgerKeys' | 'credentialRole'
>;

/** Who revokes: the signed-in staff member of a request, or the one who started a job. */
export interface RevokeActor {
  staff: { id: string; role: Role };
  ip: string | null;
  log: FastifyBaseLogger;
}

/**
 * Revokes at the token service. "Revocation pending" is written before the call, so that a
 * lost answer does not leave the ledger saying "active" about a token the service refuses: a
 * definite refusal withdraws it, success completes it, anything else keeps it until the
 * sweeper (or staff opening the token) learns the outcome from the token service.
 */
export async function revokeAs(
  deps: RevokeDeps,
  actor: RevokeActor,
  id: string,
): Promise<TokenRecord> {
  const { staff, log } = actor;
  const row = await deps.repos.ledger.byId(id);
  if (!row) throw notFound('The token');
  const createdBy = row.created_by === null ? null : { id: row.created_by };
  if (!canRevokeToken({ id: staff.id, role: staff.role }, { createdBy })) {
    throw new HttpError(
      403,
      'forbidden',
      `Your role (${staff.role}) may revoke only the tokens you created; ask an admin to revoke this one.`,
    );
  }
  if (row.state !== 'issued') {
    throw conflict(
      'not-issued',
      'This token never reached anyone the dashboard knows of, so there is nothing to revoke.',
    );
  }
  if (row.revoked_at !== null) throw conflict('already-revoked', 'This token is already revoked.');
  if (!row.revocable || !row.encrypted_token) {
    throw conflict(
      'not-revocable',
      'This token was not created as revocable, so it cannot be revoked.',
    );
  }
  const nowS = Math.floor(deps.now() / 1000);
  if (Number(row.expires_at) + REVOKE_GRACE_SECONDS <= nowS) {
    throw conflict(
      'revoke-window-closed',
      'This token expired more than 24 hours ago; nothing can use it any more.',
    );
  }
  if ((await deps.credentialRole()) === 'nanoReadOnly') throw readOnlyCredential();
  const token = open(deps.ledgerKeys, row.encrypted_token, tokenContext(row.id));
  const requestedAt = deps.now();
  // False only if a concurrent revoke finished first; asking again is harmless (idempotent).
  await deps.repos.ledger.revocations.request(row.id, staff.id, requestedAt);
  try {
    await deps.nanostream.revokeToken(token);
  } catch (error) {
    if (!isRefusal(error)) throw outcomeUnknown(error);
    await deps.repos.ledger.revocations
      .withdraw(row.id, requestedAt)
      .catch((e: unknown) =>
        log.error(
          { err: (e as Error).message, ledgerId: row.id },
          'withdrawing a refused revocation failed',
        ),
      );
    throw error;
  }
  const now = deps.now();
  // A concurrent revoke may have won; the token is revoked either way.
  if (await deps.repos.ledger.markRevoked(row.id, staff.id, now)) {
    await deps.repos.audit.record({
      action: 'token.revoke',
      actorId: staff.id,
      subject: row.id,
      ip: actor.ip,
      details: { jti: row.jti },
    });
  }
  const updated = await deps.repos.ledger.byId(row.id);
  if (!updated) throw notFound('The token');
  return toTokenRecord(updated, now);
}
