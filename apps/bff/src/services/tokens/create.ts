import {
  resolveExpiry,
  toSplayRequest,
  toUnixSeconds,
  type CreateTokenResponse,
  type MintedTokenRequest,
  type TokenRequest,
} from '@ptd/contracts';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { toTokenRecord } from '../../db/repositories/ledger-record.ts';
import { HttpError, safeErr, withSentence } from '../../lib/errors.ts';
import { secureMissing } from '../../upstream/errors.ts';
import type { AuditInput } from '../../db/repositories/audit.ts';
import type { StaffActor } from '../actor.ts';
import { readOnlyCredential } from '../credential-role.ts';
import { TokenAttempt, type AttemptFields } from './attempt.ts';
import type { TokenServiceDeps } from './deps.ts';

/** Status and codes only: upstream text may echo the credential or a token. */
const errorFacts = (error: unknown) =>
  error instanceof HttpError
    ? {
        status: error.statusCode,
        code: error.code,
        upstreamErrorCode: error.extra.upstream?.errorCode ?? null,
      }
    : { status: 500, code: 'internal' };

/** The same failure, saying where a token the service may have minted went. */
const mayHaveMinted = (error: unknown) =>
  withSentence(
    error,
    'No token was handed out; if the token service created one, Playback tokens lists it as never delivered.',
  );

function attemptFields(
  staff: StaffRow,
  input: MintedTokenRequest,
  nowMs: number,
  batch: { id: string | null; row: number | null },
): AttemptFields {
  const nowS = Math.floor(nowMs / 1000);
  return {
    batch_id: batch.id,
    batch_row: batch.row,
    kind: 'staff',
    policy_id: null,
    target: JSON.stringify(input.target),
    issued_at: nowS,
    not_before: input.notBefore ? toUnixSeconds(input.notBefore) : nowS,
    expires_at: toUnixSeconds(input.expiresAt),
    revocable: input.revocable ? 1 : 0,
    force_disconnect: input.forceDisconnect ? 1 : 0,
    ip: input.ip ?? null,
    domain: input.domain ?? null,
    viewer_user: input.user ?? null,
    tag: input.tag ?? null,
    created_by: staff.id,
  };
}

export type MintDeps = Pick<
  TokenServiceDeps,
  'repos' | 'nanostream' | 'now' | 'ledgerKeys' | 'organisation'
>;

/** Who asks for a token: a request's staff member, or the bulk worker on a batch's behalf. */
export interface Minter extends StaffActor {
  /** The bulk batch the token belongs to, and its row there. */
  batchId?: string | null;
  batchRow?: number | null;
}

/**
 * Mints a token and records it. The ledger row is written before the token service is asked
 * (see TokenAttempt), so every token it may mint is accounted for; the caller gets the token
 * only once it is recorded, together with its `token.create` audit entry. The one path that
 * mints a staff token: single creation and every row of a batch.
 */
export async function mintToken(
  deps: MintDeps,
  minter: Minter,
  body: TokenRequest,
): Promise<CreateTokenResponse> {
  const { staff, log } = minter;
  const target = { type: body.target.type };
  const batch = minter.batchId ? { batchId: minter.batchId } : {};
  const entry = (action: AuditInput['action'], facts: Omit<AuditInput, 'action' | 'actorId'>) => ({
    action,
    actorId: staff.id,
    ip: minter.ip,
    ...facts,
  });

  let token: string;
  let attempt: TokenAttempt | undefined;
  try {
    const organisation = await deps.organisation();
    if (!organisation.securePackage) throw secureMissing();
    if (organisation.credentialRole === 'nanoReadOnly') throw readOnlyCredential();
    // A preset ("24 hours") counts from now by this server's clock, right before minting: the
    // browser's clock may run ahead or behind, and the click was a while ago.
    const now = deps.now();
    const input = resolveExpiry(body, now);
    attempt = await TokenAttempt.open(
      deps,
      attemptFields(staff, input, now, {
        id: minter.batchId ?? null,
        row: minter.batchRow ?? null,
      }),
      input.target,
      { actorId: staff.id, ip: minter.ip },
      log,
    );
    token = await deps.nanostream.createToken(toSplayRequest(input));
  } catch (error) {
    const outcome = await attempt?.failed(error);
    await deps.repos.audit
      .record(entry('token.create-failed', { details: { target, ...batch, ...errorFacts(error) } }))
      .catch((e: unknown) => log.error({ err: safeErr(e) }, 'audit write failed'));
    throw outcome === 'never-delivered' ? mayHaveMinted(error) : error;
  }

  const { recorded } = await attempt.complete(token, (row) =>
    entry('token.create', {
      subject: row.id,
      details: {
        jti: row.jti,
        target,
        ...batch,
        revocable: body.revocable,
        expiresAt: new Date(Number(row.expires_at) * 1000).toISOString(),
      },
    }),
  );
  const record = toTokenRecord(
    {
      ...recorded,
      creator_email: staff.email,
      creator_name: staff.display_name,
      revoker_email: null,
      revoker_name: null,
      policy_name: null,
    },
    deps.now(),
  );
  return { token, record };
}
