import { decodeToken, splayClaimsSchema, type TokenTarget } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Selectable } from 'kysely';
import type { Completion } from '../../db/repositories/ledger-attempts.ts';
import type { AuditInput } from '../../db/repositories/audit.ts';
import type { LedgerInsert } from '../../db/repositories/ledger.ts';
import { attemptJti } from '../../db/repositories/ledger-record.ts';
import type { LedgerTable } from '../../db/schema.ts';
import { seal } from '../../lib/crypto.ts';
import { HttpError, safeErr } from '../../lib/errors.ts';
import { appendOnlyId } from '../../lib/ids.ts';
import { isRefusal } from '../../upstream/client.ts';
import { tokenContext } from '../../lib/crypto-contexts.ts';
import type { AttemptDeps } from './deps.ts';

export type LedgerRow = Selectable<LedgerTable>;

/**
 * What is known of a token before the token service is asked; `batch_id` and `batch_row` for
 * tokens in bulk.
 */
export type AttemptFields = Partial<Pick<LedgerRow, 'batch_id' | 'batch_row'>> &
  Omit<
    LedgerRow,
    | 'id'
    | 'jti'
    | 'state'
    | 'claims'
    | 'created_at'
    | 'encrypted_token'
    | 'revoked_at'
    | 'revoked_by'
    | 'revocation_requested_at'
    | 'revocation_requested_by'
    | 'batch_id'
    | 'batch_row'
  >;

/** Who the audit entries of this attempt name: the staff member, or no one (a viewer). */
export interface AttemptActor {
  actorId: string | null;
  ip: string | null;
}

export type NeverDeliveredReason = 'no-answer' | 'not-recorded' | 'abandoned';

/** Facts for the audit log: never a token. */
export function neverDeliveredDetails(
  row: Pick<LedgerInsert, 'kind' | 'target' | 'policy_id'>,
  reason: NeverDeliveredReason,
  extra: Record<string, unknown> = {},
) {
  const target = JSON.parse(row.target) as TokenTarget;
  return {
    reason,
    kind: row.kind,
    target: { type: target.type },
    ...(row.policy_id ? { policyId: row.policy_id } : {}),
    ...extra,
  };
}

export const tokenNotRecorded = () =>
  new HttpError(
    503,
    'token-not-recorded',
    'The token service created the token, but the dashboard could not record it, so it was not handed out. Playback tokens lists it as never delivered. Try again in a moment.',
  );

/** The audit entry of a token that may have been minted and reached no one. */
export function neverDeliveredAudit(
  deps: AttemptDeps,
  row: LedgerRow,
  actor: AttemptActor,
  reason: NeverDeliveredReason,
  extra: Record<string, unknown> = {},
) {
  return deps.repos.audit.row({
    action: 'token.never-delivered',
    actorId: actor.actorId,
    subject: row.id,
    ip: actor.ip,
    details: neverDeliveredDetails(row, reason, extra),
  });
}

/** The row once the token service answered: `issued`, with what the answer added. */
export const issuedRow = (row: LedgerRow, completion: Completion): LedgerRow =>
  ({ ...row, ...completion, state: 'issued' }) as LedgerRow;

/**
 * What the token service's answer adds to a row: its jti and claims, the sealed token when it
 * is revocable, and the times the service actually set when they differ from the row's.
 */
export function completionOf(deps: AttemptDeps, row: LedgerRow, token: string) {
  const decoded = decodeToken(token);
  const parsed = splayClaimsSchema.safeParse(decoded.ok ? decoded.token.claims : {});
  const claims = parsed.success ? parsed.data : undefined;
  const completion: Completion & Pick<LedgerRow, 'jti'> = {
    jti: claims?.jti ?? `unknown:${row.id}`,
    claims: JSON.stringify(decoded.ok ? decoded.token.claims : {}),
    // Only a revocable token is ever needed again (to revoke it); keep no other copy.
    encrypted_token: row.revocable ? seal(deps.ledgerKeys, token, tokenContext(row.id)) : null,
  };
  // Only columns that change: each one named rewrites its indexes.
  if (claims && claims.iat !== row.issued_at) completion.issued_at = claims.iat;
  if (claims && claims.nbf !== row.not_before) completion.not_before = claims.nbf;
  if (claims && claims.exp !== row.expires_at) completion.expires_at = claims.exp;
  return { completion, claims };
}

/**
 * A ledger row for `fields`, before anything is known of the token: `issuing`. Written out
 * field by field: on Node 20 a spread followed by a dozen more properties took about 17 µs per
 * row (V8 adds each one on a slow path), a tenth of the viewer-token path's own work.
 */
export function attemptRow(deps: AttemptDeps, fields: AttemptFields): LedgerRow {
  const id = appendOnlyId();
  return {
    id,
    jti: attemptJti(id),
    state: 'issuing',
    kind: fields.kind,
    policy_id: fields.policy_id,
    batch_id: fields.batch_id ?? null,
    batch_row: fields.batch_row ?? null,
    target: fields.target,
    issued_at: fields.issued_at,
    not_before: fields.not_before,
    expires_at: fields.expires_at,
    revocable: fields.revocable,
    force_disconnect: fields.force_disconnect,
    ip: fields.ip,
    domain: fields.domain,
    viewer_user: fields.viewer_user,
    tag: fields.tag,
    created_by: fields.created_by,
    claims: '{}',
    created_at: deps.now(),
    encrypted_token: null,
    revoked_at: null,
    revoked_by: null,
    revocation_requested_at: null,
    revocation_requested_by: null,
  };
}

/**
 * One call to the token service, accounted for in the ledger whatever happens: the row is
 * written (`issuing`) before the call; the answer completes it; a definite refusal removes it;
 * anything else marks it never delivered, now or, if this process dies, by the sweeper.
 */
export class TokenAttempt {
  private constructor(
    private readonly deps: AttemptDeps,
    readonly row: LedgerRow,
    private readonly actor: AttemptActor,
    private readonly log: FastifyBaseLogger,
  ) {}

  static async open(
    deps: AttemptDeps,
    fields: AttemptFields,
    target: TokenTarget,
    actor: AttemptActor,
    log: FastifyBaseLogger,
  ): Promise<TokenAttempt> {
    const row = attemptRow(deps, fields);
    await deps.repos.ledger.insert(row, target);
    return new TokenAttempt(deps, row, actor, log);
  }

  get id() {
    return this.row.id;
  }

  /** The call failed. Errors of this bookkeeping are logged: the sweeper closes the attempt. */
  async failed(error: unknown): Promise<'discarded' | 'never-delivered'> {
    if (isRefusal(error)) {
      await this.deps.repos.ledger.attempts.discard(this.id).catch((e: unknown) => {
        this.log.error({ err: safeErr(e), ledgerId: this.id }, 'removing a refused attempt failed');
      });
      return 'discarded';
    }
    const code = error instanceof HttpError ? error.code : 'internal';
    await this.neverDelivered('no-answer', { code });
    return 'never-delivered';
  }

  /**
   * Records the minted token with `audit` (built from the recorded row) in one write. Throws
   * 503 when that fails or the row was already swept: the token then reaches no one.
   */
  async complete(token: string, audit?: (row: LedgerRow) => AuditInput) {
    const { row } = this;
    const { completion, claims } = completionOf(this.deps, row, token);
    const recorded = issuedRow(row, completion);
    const entry = audit?.(recorded);
    let done = false;
    try {
      done = await this.deps.repos.ledger.attempts.complete(
        row.id,
        completion,
        entry ? this.deps.repos.audit.row(entry) : undefined,
      );
    } catch (error) {
      this.log.error(
        { err: safeErr(error), ledgerId: row.id, jti: completion.jti },
        'recording a minted token failed; it was not handed out',
      );
    }
    if (!done) {
      await this.neverDelivered('not-recorded');
      throw tokenNotRecorded();
    }
    return { recorded, claims };
  }

  private async neverDelivered(reason: NeverDeliveredReason, extra: Record<string, unknown> = {}) {
    const audit = neverDeliveredAudit(this.deps, this.row, this.actor, reason, extra);
    await this.deps.repos.ledger.attempts
      .neverDelivered([{ id: this.id, audit }])
      .catch((e: unknown) =>
        this.log.error(
          { err: safeErr(e), ledgerId: this.id },
          'marking an attempt never delivered failed; the sweeper will',
        ),
      );
  }
}
