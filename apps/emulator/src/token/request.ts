import {
  MAX_LIFETIME_SECONDS,
  MAX_REVOCABLE_LIFETIME_SECONDS,
  splayRequestSchema,
} from '@ptd/contracts';
import type { SplayClaims, SplayRequest } from '@ptd/contracts';
import { parameterInvalid, parameterRequired } from '../errors.ts';
import type { NanoErrorBody } from '../errors.ts';
import {
  DEFAULT_LIFETIME_SECONDS,
  DEFAULT_REVOCABLE_LIFETIME_SECONDS,
  MAX_TEXT_CLAIM_LENGTH,
  MILLISECONDS_THRESHOLD,
  isHostName,
  isIpAddress,
} from './limits.ts';

export interface MintContext {
  orgId: string;
  nowSeconds: number;
  jti: string;
  /** Stream names and stream-group ids of the caller's organisation. */
  streamNames: ReadonlySet<string>;
  groupIds: ReadonlySet<string>;
}

export type MintResult = { ok: true; claims: SplayClaims } | { ok: false; error: NanoErrorBody };

const TARGETS = 'one of streams, groupid or orgawide';
const fail = (error: NanoErrorBody): MintResult => ({ ok: false, error });

/**
 * Validates a `POST /api/v1/splay` body and turns it into claims. Every refusal is errorCode
 * 1000 with a message naming the field, because the reference defines no other input code.
 * Caps are measured from the server's clock, not from `nbf`.
 */
export function buildClaims(body: unknown, ctx: MintContext): MintResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(parameterRequired(TARGETS));
  }
  const parsed = splayRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(parameterInvalid(`${issue?.path.join('.') || 'body'} (${issue?.message})`));
  }
  const req = parsed.data;
  const targetCount = [req.streams, req.groupid, req.orgawide].filter((t) => t !== undefined);
  if (targetCount.length === 0) return fail(parameterRequired(TARGETS));
  if (targetCount.length > 1) return fail(parameterInvalid(`exactly ${TARGETS} is allowed`));

  const timeError = checkTimes(req, ctx.nowSeconds);
  if (timeError) return fail(timeError);
  const targetError = checkTarget(req, ctx);
  if (targetError) return fail(targetError);
  const restrictionError = checkRestrictions(req);
  if (restrictionError) return fail(restrictionError);

  const now = ctx.nowSeconds;
  const claims: SplayClaims = {
    aud: 'splay',
    iss: 'nanocosmos',
    sub: ctx.orgId,
    iat: now,
    nbf: req.nbf ?? now,
    exp: req.exp ?? now + defaultLifetime(req),
    jti: ctx.jti,
    ...(req.streams ? { streams: [...new Set(req.streams)] } : {}),
    ...(req.groupid ? { groupid: req.groupid } : {}),
    ...(req.orgawide ? { orgawide: true } : {}),
  };
  for (const field of ['revocable', 'forceDisconnect', 'ip', 'domain', 'tag', 'user'] as const) {
    if (req[field] !== undefined) Object.assign(claims, { [field]: req[field] });
  }
  return { ok: true, claims };
}

const defaultLifetime = (req: SplayRequest) =>
  req.revocable ? DEFAULT_REVOCABLE_LIFETIME_SECONDS : DEFAULT_LIFETIME_SECONDS;

function checkTimes(req: SplayRequest, now: number): NanoErrorBody | undefined {
  for (const field of ['exp', 'nbf'] as const) {
    const value = req[field];
    if (value !== undefined && value >= MILLISECONDS_THRESHOLD) {
      return parameterInvalid(`${field} must be UNIX seconds, not milliseconds`);
    }
  }
  const exp = req.exp ?? now + defaultLifetime(req);
  if (exp <= now) return parameterInvalid('exp must be in the future');
  if (req.revocable && exp - now > MAX_REVOCABLE_LIFETIME_SECONDS) {
    return parameterInvalid('exp of a revocable token must not be more than 24 hours ahead');
  }
  if (exp - now > MAX_LIFETIME_SECONDS) {
    return parameterInvalid('exp must not be more than 365 days ahead');
  }
  if (req.nbf !== undefined && req.nbf >= exp) return parameterInvalid('nbf must be before exp');
  return undefined;
}

function checkTarget(req: SplayRequest, ctx: MintContext): NanoErrorBody | undefined {
  const unknown = (req.streams ?? []).filter((name) => !ctx.streamNames.has(name));
  if (unknown.length > 0) {
    return parameterInvalid(`unknown stream(s) for this organisation: ${unknown.join(', ')}`);
  }
  if (req.groupid !== undefined && !ctx.groupIds.has(req.groupid)) {
    return parameterInvalid(`unknown groupid for this organisation: ${req.groupid}`);
  }
  return undefined;
}

function checkRestrictions(req: SplayRequest): NanoErrorBody | undefined {
  if (req.ip !== undefined && !isIpAddress(req.ip)) {
    return parameterInvalid('ip must be an IPv4 (or IPv6) address');
  }
  if (req.domain !== undefined && !isHostName(req.domain)) {
    return parameterInvalid('domain must be a host name without scheme, port, path or wildcard');
  }
  for (const field of ['tag', 'user'] as const) {
    if ((req[field]?.length ?? 0) > MAX_TEXT_CLAIM_LENGTH) {
      return parameterInvalid(`${field} must be at most ${MAX_TEXT_CLAIM_LENGTH} characters`);
    }
  }
  return undefined;
}
