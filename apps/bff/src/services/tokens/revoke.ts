import type { TokenRecord } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tokenContext, toTokenRecord } from '../../db/repositories/ledger-record.ts';
import { open } from '../../lib/crypto.ts';
import { conflict, notFound, unauthenticated } from '../../lib/errors.ts';
import { audit } from '../audit.ts';

/** nanoStream accepts revoking an expired token for a day: its live sessions may still run. */
export const REVOKE_GRACE_SECONDS = 24 * 60 * 60;

export async function revokeToken(
  app: FastifyInstance,
  request: FastifyRequest,
  id: string,
): Promise<TokenRecord> {
  const staff = request.staff;
  if (!staff) throw unauthenticated();
  const row = await app.repos.ledger.byId(id);
  if (!row) throw notFound('The token');
  if (row.revoked_at !== null) throw conflict('already-revoked', 'This token is already revoked.');
  if (!row.revocable || !row.encrypted_token) {
    throw conflict(
      'not-revocable',
      'This token was not created as revocable, so it cannot be revoked.',
    );
  }
  const nowS = Math.floor(app.now() / 1000);
  if (Number(row.expires_at) + REVOKE_GRACE_SECONDS <= nowS) {
    throw conflict(
      'revoke-window-closed',
      'This token expired more than 24 hours ago; nothing can use it any more.',
    );
  }
  const token = open(app.ledgerKeys, row.encrypted_token, tokenContext(row.id));
  await app.nanostream.revokeToken(token);
  const now = app.now();
  // A concurrent revoke may have won; the token is revoked either way.
  if (await app.repos.ledger.markRevoked(row.id, staff.id, now)) {
    await audit(app, request, 'token.revoke', { subject: row.id, details: { jti: row.jti } });
  }
  const updated = await app.repos.ledger.byId(row.id);
  if (!updated) throw notFound('The token');
  return toTokenRecord(updated, now);
}
