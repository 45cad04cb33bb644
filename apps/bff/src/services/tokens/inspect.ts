import { decodeToken, type InspectResponse } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import { toTokenRecord } from '../../db/repositories/ledger-record.ts';

/** Decodes for display, asks the token service for its verdict, and finds our ledger record. */
export async function inspectToken(app: FastifyInstance, token: string): Promise<InspectResponse> {
  const decoded = decodeToken(token);
  const verdict = await app.nanostream.verifyToken(token);
  const jti = decoded.ok ? decoded.token.claims.jti : undefined;
  const row = typeof jti === 'string' ? await app.repos.ledger.byJti(jti) : undefined;
  return {
    header: decoded.ok ? decoded.token.header : null,
    claims: decoded.ok ? decoded.token.claims : null,
    decodeError: decoded.ok ? null : decoded.reason,
    verdict,
    record: row ? toTokenRecord(row, app.now()) : null,
  };
}
