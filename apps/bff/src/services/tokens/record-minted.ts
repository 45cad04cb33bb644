import type { TokenTarget } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import {
  completionOf,
  issuedRow,
  neverDeliveredAudit,
  tokenNotRecorded,
  type AttemptActor,
  type LedgerRow,
  type NeverDeliveredReason,
} from './attempt.ts';
import type { AttemptDeps } from './deps.ts';
import type { LedgerWriteBehind } from '../../db/repositories/ledger-write-behind.ts';
import { safeErr } from '../../lib/errors.ts';

/** A minted viewer token's row goes behind the answer (decision 020); null: committed first. */
export type RecordMintedDeps = AttemptDeps & { writeBehind: LedgerWriteBehind | null };

/**
 * Viewer tokens are recorded once, after the token service answered, instead of as an attempt
 * and its completion (decision 019): half the writes on the path every viewer takes. `row` is
 * the attempt row (`attemptRow`) built before the call, so its id and times are the call's.
 *
 * With `writeBehind` the row is held and written with others' (decision 020: the caller checked
 * `hasRoom` before minting). Without it the token is handed out only once its row is
 * committed; what a crash between the answer and that commit loses is a row for a token that
 * reached no one.
 */
export async function recordMinted(
  deps: RecordMintedDeps,
  row: LedgerRow,
  target: TokenTarget,
  token: string,
  actor: AttemptActor,
  log: FastifyBaseLogger,
) {
  const { completion } = completionOf(deps, row, token);
  const recorded = issuedRow(row, completion);
  if (deps.writeBehind) {
    deps.writeBehind.add(recorded, target);
    return recorded;
  }
  try {
    await deps.repos.ledger.insert(recorded, target);
    return recorded;
  } catch (error) {
    log.error(
      { err: safeErr(error), ledgerId: row.id, jti: completion.jti },
      'recording a minted token failed; it was not handed out',
    );
    await recordNeverDelivered(deps, row, target, actor, log, 'not-recorded');
    throw tokenNotRecorded();
  }
}

/** The call's answer was lost, or its row could not be written: a never delivered row. */
export async function recordNeverDelivered(
  deps: AttemptDeps,
  row: LedgerRow,
  target: TokenTarget,
  actor: AttemptActor,
  log: FastifyBaseLogger,
  reason: NeverDeliveredReason,
  extra: Record<string, unknown> = {},
) {
  const audit = neverDeliveredAudit(deps, row, actor, reason, extra);
  await deps.repos.ledger
    .insert({ ...row, state: 'never_delivered' }, target, audit)
    .catch((error: unknown) =>
      log.error({ err: safeErr(error), ledgerId: row.id }, 'recording an undelivered token failed'),
    );
}
