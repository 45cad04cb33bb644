import { decodeToken, type InspectResponse } from '@ptd/contracts';
import { toTokenRecord } from '../../db/repositories/ledger-record.ts';
import type { TokenServiceDeps } from './deps.ts';

type Belonging = InspectResponse['organisation'];

export type InspectDeps = Pick<
  TokenServiceDeps,
  'nanostream' | 'repos' | 'now' | 'organisation' | 'organisationId'
>;

/** The organisation prefix of bintu stream names (`DmEvt-CupFn` → `DmEvt`). */
const hashOf = (name: unknown) =>
  typeof name === 'string' && name.includes('-') ? name.slice(0, name.indexOf('-')) : null;

/**
 * Whose token it is. The token service's verify answers for any organisation's token (it needs
 * no credential), so "valid" alone would mislead: the edge plays a token only for streams of
 * the organisation it names. Its `sub` is the organisation id; the prefix of the stream names
 * it lists tells the same for stream tokens.
 */
async function belonging(
  deps: Pick<InspectDeps, 'organisation' | 'organisationId'>,
  claims: Record<string, unknown> | null,
) {
  const { name, hash } = await deps.organisation();
  const ours: Belonging = { belongsTo: 'this', name, otherId: null, otherHash: null };
  if (!claims) return { ...ours, belongsTo: 'unknown' as const };
  const id = await deps.organisationId();
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  const streams = Array.isArray(claims.streams) ? claims.streams : [];
  const otherHash = streams.map(hashOf).find((prefix) => prefix !== null && prefix !== hash);
  if ((sub === null || sub === id) && otherHash === undefined) {
    return sub === null && streams.length === 0 ? { ...ours, belongsTo: 'unknown' as const } : ours;
  }
  return {
    belongsTo: 'other' as const,
    name,
    otherId: sub !== id ? sub : null,
    otherHash: otherHash ?? null,
  };
}

/** Decodes for display, asks the token service for its verdict, and finds our ledger record. */
export async function inspectToken(deps: InspectDeps, token: string): Promise<InspectResponse> {
  const decoded = decodeToken(token);
  const verdict = await deps.nanostream.verifyToken(token);
  const claims = decoded.ok ? decoded.token.claims : null;
  const jti = claims?.jti;
  const iat = claims?.iat;
  // Every token the ledger records has both (its row keeps the token's own iat).
  const row =
    typeof jti === 'string' && typeof iat === 'number' && Number.isSafeInteger(iat)
      ? await deps.repos.ledger.byIssueAndJti(iat, jti)
      : undefined;
  return {
    header: decoded.ok ? decoded.token.header : null,
    claims,
    decodeError: decoded.ok ? null : decoded.reason,
    verdict,
    record: row ? toTokenRecord(row, deps.now()) : null,
    organisation: await belonging(deps, claims),
  };
}
