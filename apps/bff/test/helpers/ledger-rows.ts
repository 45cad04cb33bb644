import type { LedgerInsert } from '../../src/db/repositories/ledger.ts';

/**
 * A staff token's ledger row as a test writes it straight into the table: issued at
 * `createdAt` (milliseconds) for an hour, for the whole organisation, nothing else set. Only the
 * columns the ledger has had since its first migration, so that a migration test can write it
 * into a database of any earlier release; `overrides` for what the test looks at.
 */
export function ledgerRowAt(
  id: string,
  createdAt: number,
  overrides: Partial<LedgerInsert> = {},
): LedgerInsert {
  const issuedAt = Math.floor(createdAt / 1000);
  return {
    id,
    jti: `jti-${id}`,
    kind: 'staff',
    policy_id: null,
    target: JSON.stringify({ type: 'organisation' }),
    issued_at: issuedAt,
    not_before: issuedAt,
    expires_at: issuedAt + 3600,
    revocable: 0,
    force_disconnect: 0,
    ip: null,
    domain: null,
    viewer_user: null,
    tag: null,
    claims: '{}',
    created_by: null,
    created_at: createdAt,
    revoked_at: null,
    revoked_by: null,
    encrypted_token: null,
    ...overrides,
  };
}
