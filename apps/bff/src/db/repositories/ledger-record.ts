import type { TokenRecord, TokenStatus, TokenTarget } from '@ptd/contracts';
import type { Selectable } from 'kysely';
import type { LedgerTable } from '../schema.ts';

/** A ledger row with the staff it names joined in. */
export interface LedgerRowWithStaff extends Selectable<LedgerTable> {
  creator_email: string | null;
  creator_name: string | null;
  revoker_email: string | null;
  revoker_name: string | null;
  /** The name of the viewer token's policy, while the policy exists. */
  policy_name: string | null;
}

const iso = (seconds: number) => new Date(Number(seconds) * 1000).toISOString();

/** The `jti` of a row whose token the service has not named (yet): unique, never a real one. */
export const attemptJti = (ledgerId: string) => `attempt:${ledgerId}`;

type StatusFields = Pick<
  Selectable<LedgerTable>,
  'state' | 'revoked_at' | 'revocation_requested_at' | 'not_before' | 'expires_at'
>;

/**
 * Of an issued token, the status is computed from the times, never stored: it changes without
 * anyone writing. The list's status filters (LedgerRepository.list) say the same in SQL.
 */
export function statusOf(row: StatusFields, nowMs: number): TokenStatus {
  const now = Math.floor(nowMs / 1000);
  if (row.state === 'issuing') return 'issuing';
  if (row.state === 'never_delivered') return 'never-delivered';
  if (row.revoked_at !== null) return 'revoked';
  if (row.revocation_requested_at !== null) return 'revocation-pending';
  if (Number(row.expires_at) <= now) return 'expired';
  if (Number(row.not_before) > now) return 'scheduled';
  return 'active';
}

/** The `ledger_target` value of an organisation-wide token: it plays every stream. */
export const ORGANISATION_TARGET = '*';

/** The stream names and group ids a target names (what the stream filter matches). */
export function targetValues(target: TokenTarget): string[] {
  if (target.type === 'streams') return [...target.streams];
  if (target.type === 'group') return [target.groupId];
  return [ORGANISATION_TARGET];
}

const staff = (id: string | null, email: string | null, name: string | null) =>
  id && email && name !== null ? { id, email, displayName: name } : null;

export function toTokenRecord(row: LedgerRowWithStaff, nowMs: number): TokenRecord {
  return {
    id: row.id,
    jti: row.state === 'issued' ? row.jti : null,
    kind: row.kind,
    policyId: row.policy_id,
    policyName: row.policy_name,
    target: JSON.parse(row.target) as TokenTarget,
    issuedAt: iso(row.issued_at),
    notBefore: iso(row.not_before),
    expiresAt: iso(row.expires_at),
    revocable: Boolean(row.revocable),
    forceDisconnect: Boolean(row.force_disconnect),
    ip: row.ip,
    domain: row.domain,
    user: row.viewer_user,
    tag: row.tag,
    createdBy: staff(row.created_by, row.creator_email, row.creator_name),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    revokedAt: row.revoked_at === null ? null : new Date(Number(row.revoked_at)).toISOString(),
    revokedBy: staff(row.revoked_by, row.revoker_email, row.revoker_name),
    revocationRequestedAt:
      row.revocation_requested_at === null
        ? null
        : new Date(Number(row.revocation_requested_at)).toISOString(),
    status: statusOf(row, nowMs),
    claims: JSON.parse(row.claims) as Record<string, unknown>,
    batchId: row.batch_id ?? null,
  };
}
