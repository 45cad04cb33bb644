import type { FastifyBaseLogger } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import type { Selectable } from 'kysely';
import type { LedgerTable } from '../../db/schema.ts';
import { open } from '../../lib/crypto.ts';
import { REVOKE_GRACE_SECONDS } from './revoke.ts';
import { tokenContext } from '../../lib/crypto-contexts.ts';
import type { TokenServiceDeps } from './deps.ts';

export type Settlement = 'revoked' | 'not-revoked' | 'window-closed';

export type SettleDeps = Pick<TokenServiceDeps, 'repos' | 'nanostream' | 'now' | 'ledgerKeys'>;

/**
 * Learns the outcome of a pending revocation from the token service's verify: "revoked" means
 * it happened; a valid token means it did not (staff may revoke again). An expired or not yet
 * valid token says nothing about revocation (verify checks the times first): it stays pending,
 * until 24 h after expiry, when revoking can no longer matter. Undefined when still unknown;
 * throws when the token service cannot be asked (the next sweep tries again).
 */
export async function settleRevocation(
  deps: SettleDeps,
  row: Selectable<LedgerTable>,
): Promise<Settlement | undefined> {
  const requestedAt = row.revocation_requested_at;
  if (requestedAt === null || !row.encrypted_token) return undefined;
  const verdict = await deps.nanostream.verifyToken(
    open(deps.ledgerKeys, row.encrypted_token, tokenContext(row.id)),
  );
  let outcome: Settlement | undefined;
  if (verdict.valid) outcome = 'not-revoked';
  else if (/revoked/i.test(verdict.message)) outcome = 'revoked';
  else if (Number(row.expires_at) + REVOKE_GRACE_SECONDS <= Math.floor(deps.now() / 1000)) {
    outcome = 'window-closed';
  }
  if (!outcome) return undefined;
  const audit = deps.repos.audit.row({
    action: 'token.revocation-settled',
    actorId: null,
    subject: row.id,
    details: {
      jti: row.jti,
      outcome,
      requestedAt: new Date(Number(requestedAt)).toISOString(),
    },
  });
  const settled = await deps.repos.ledger.revocations.settle(
    row.id,
    Number(requestedAt),
    outcome === 'revoked',
    audit,
  );
  return settled ? outcome : undefined;
}

/** How long opening a token may wait for its pending revocation to be settled. */
const SETTLE_ON_OPEN_MS = 2_000;

/**
 * When staff open a token whose revocation is pending (and no revoke can still be running),
 * asks the token service at once, waiting briefly: true when the row changed. A slow or failing
 * token service leaves it pending for the sweeper; the details open all the same.
 */
export async function settleOnOpen(
  deps: SettleDeps & Pick<TokenServiceDeps, 'liveCallLimitMs'>,
  log: FastifyBaseLogger,
  row: Selectable<LedgerTable>,
): Promise<boolean> {
  const requestedAt = row.revocation_requested_at;
  if (requestedAt === null || Number(requestedAt) > deps.now() - deps.liveCallLimitMs) {
    return false;
  }
  const settled = settleRevocation(deps, row).catch((error: unknown) => {
    log.warn({ ledgerId: row.id, err: (error as Error).message }, 'settling on open failed');
    return undefined;
  });
  const outcome = await Promise.race([
    settled,
    delay(SETTLE_ON_OPEN_MS, undefined, { ref: false }),
  ]);
  return outcome !== undefined;
}
