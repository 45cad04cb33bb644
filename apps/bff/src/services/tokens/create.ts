import {
  decodeToken,
  splayClaimsSchema,
  toSplayRequest,
  toUnixSeconds,
  type CreateTokenResponse,
  type TokenRequest,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  tokenContext,
  toTokenRecord,
  type LedgerRowWithStaff,
} from '../../db/repositories/ledger-record.ts';
import { seal } from '../../lib/crypto.ts';
import { HttpError } from '../../lib/errors.ts';
import { secureMissing } from '../../upstream/errors.ts';
import { audit, auditEntry } from '../audit.ts';
import { appendOnlyId } from '../../lib/ids.ts';

/** Status and codes only: upstream text may echo the credential or a token. */
const errorFacts = (error: unknown) =>
  error instanceof HttpError
    ? {
        status: error.statusCode,
        code: error.code,
        upstreamErrorCode: error.extra.upstream?.errorCode ?? null,
      }
    : { status: 500, code: 'internal' };

/** Never the error object itself: a driver error could echo parameters. */
const safeErr = (error: unknown) => ({
  message: (error as Error | undefined)?.message,
  code: (error as { code?: unknown } | undefined)?.code,
});

/**
 * Mints a token and records it. Order matters: nothing is written before the token service
 * says yes (so no row claims a token that does not exist), and once it has said yes the
 * caller gets the token even if the ledger cannot be written (reported, never swallowed).
 */
export async function createToken(
  app: FastifyInstance,
  request: FastifyRequest,
  input: TokenRequest,
): Promise<CreateTokenResponse> {
  const staff = request.staff;
  if (!staff) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  const target = { type: input.target.type };

  let token: string;
  try {
    if (!(await app.organisation()).securePackage) throw secureMissing();
    token = await app.nanostream.createToken(toSplayRequest(input));
  } catch (error) {
    await audit(app, request, 'token.create-failed', {
      details: { target, ...errorFacts(error) },
    }).catch((e: unknown) => request.log.error({ err: safeErr(e) }, 'audit write failed'));
    throw error;
  }

  const decoded = decodeToken(token);
  const parsed = splayClaimsSchema.safeParse(decoded.ok ? decoded.token.claims : {});
  const claims = parsed.success ? parsed.data : undefined;
  const now = app.now();
  const id = appendOnlyId();
  const jti = claims?.jti ?? `unknown:${id}`;
  const row: LedgerRowWithStaff = {
    id,
    jti,
    kind: 'staff',
    policy_id: null,
    target: JSON.stringify(input.target),
    issued_at: claims?.iat ?? Math.floor(now / 1000),
    not_before:
      claims?.nbf ?? (input.notBefore ? toUnixSeconds(input.notBefore) : Math.floor(now / 1000)),
    expires_at: claims?.exp ?? toUnixSeconds(input.expiresAt),
    revocable: input.revocable ? 1 : 0,
    force_disconnect: input.forceDisconnect ? 1 : 0,
    ip: input.ip ?? null,
    domain: input.domain ?? null,
    viewer_user: input.user ?? null,
    tag: input.tag ?? null,
    claims: JSON.stringify(decoded.ok ? decoded.token.claims : {}),
    created_by: staff.id,
    created_at: now,
    revoked_at: null,
    revoked_by: null,
    // Only a revocable token is ever needed again (to revoke it); keep no other copy.
    encrypted_token: input.revocable ? seal(app.ledgerKeys, token, tokenContext(id)) : null,
    creator_email: staff.email,
    creator_name: staff.display_name,
    revoker_email: null,
    revoker_name: null,
    policy_name: null,
  };
  const record = toTokenRecord(row, now);
  const {
    creator_email: _e,
    creator_name: _n,
    revoker_email: _re,
    revoker_name: _rn,
    policy_name: _pn,
    ...ledgerRow
  } = row;

  const created = app.repos.audit.row(
    auditEntry(request, 'token.create', {
      subject: id,
      details: { jti, target, revocable: input.revocable, expiresAt: record.expiresAt },
    }),
  );
  try {
    await app.repos.ledger.insert(ledgerRow, input.target, created);
  } catch (error) {
    request.log.error(
      { err: safeErr(error), ledgerId: id, jti },
      'ledger write failed after minting',
    );
    await audit(app, request, 'token.ledger-write-failed', {
      subject: id,
      details: { jti, target, error: safeErr(error).message ?? 'unknown' },
    }).catch((e: unknown) =>
      request.log.error(
        { err: safeErr(e), ledgerId: id, jti },
        'audit of the failed ledger write failed too',
      ),
    );
    return { token, record, ledgerWriteFailed: true };
  }
  return { token, record, ledgerWriteFailed: false };
}
