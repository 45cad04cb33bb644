import type { SplayClaims } from '@ptd/contracts';
import type { EmulatorContext } from '../context.ts';
import type { Organisation, StreamRecord } from '../seed/types.ts';
import { verifyPlaybackToken } from '../token/verify.ts';
import type { DenyReason } from './reasons.ts';

export interface PlaybackRequest {
  groupId: string | undefined;
  token: string | undefined;
  /** Socket address of the viewer, `::ffff:` already stripped. */
  clientIp: string;
  /** Host of the Referer, or of the Host header when there is no Referer. */
  refererHost: string;
}

export type Verdict =
  | {
      allowed: true;
      groupId: string;
      org: Organisation;
      streams: StreamRecord[];
      /** Absent when the organisation has no secure package and needs no token. */
      claims?: SplayClaims;
    }
  | {
      allowed: false;
      reason: DenyReason;
      groupId?: string | undefined;
      claims?: SplayClaims | undefined;
      /** Facts behind the refusal, e.g. which IP the token wants. */
      detail?: string;
    };

export const normaliseIp = (ip: string) => ip.replace(/^::ffff:/i, '');
export const normaliseHost = (host: string) => host.trim().toLowerCase().replace(/\.$/, '');

const toIso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Decides like the edge: the group must exist; then, for a secure organisation, the token
 * must verify (signature, nbf, exp, revocation), cover the group, and match the viewer's
 * IP and referring domain — in that order, first failure wins.
 */
export async function decidePlayback(req: PlaybackRequest, ctx: EmulatorContext): Promise<Verdict> {
  const groupId = req.groupId?.trim() || undefined;
  const streams = groupId ? ctx.streams.group(groupId) : [];
  const org = streams[0] && ctx.directory.organisation(streams[0].orgId);
  if (!groupId || !org) return { allowed: false, reason: 'unknown-group', groupId };
  if (!org.packages.secure) return { allowed: true, groupId, org, streams };
  if (!req.token) return { allowed: false, reason: 'missing-token', groupId };

  const result = await verifyPlaybackToken(req.token, {
    key: ctx.key,
    revocations: ctx.revocations,
    nowSeconds: ctx.nowSeconds(),
  });
  if (!result.ok) {
    const reason = result.reason === 'invalid-claims' ? 'malformed' : result.reason;
    const claims = result.claims;
    const detail =
      reason === 'expired' && claims
        ? `Expired at ${toIso(claims.exp)}.`
        : reason === 'not-yet-valid' && claims
          ? `Valid from ${toIso(claims.nbf)}.`
          : result.message;
    return { allowed: false, reason, groupId, claims, detail };
  }

  const { claims } = result;
  const denied = (reason: DenyReason, detail: string): Verdict => ({
    allowed: false,
    reason,
    groupId,
    claims,
    detail,
  });
  if (!inScope(claims, org, streams, groupId)) {
    return denied('out-of-scope', 'The token names other streams, another group or organisation.');
  }
  if (claims.ip !== undefined && normaliseIp(claims.ip) !== req.clientIp) {
    return denied('ip-mismatch', `Token IP ${claims.ip}, request from ${req.clientIp}.`);
  }
  if (claims.domain !== undefined && normaliseHost(claims.domain) !== req.refererHost) {
    return denied(
      'referer-mismatch',
      `Token domain ${claims.domain}, request from ${req.refererHost || 'an unknown host'}.`,
    );
  }
  return { allowed: true, groupId, org, streams, claims };
}

/** A token only ever covers streams of its own organisation (`sub`). */
function inScope(claims: SplayClaims, org: Organisation, streams: StreamRecord[], groupId: string) {
  if (claims.sub !== org.id) return false;
  if (claims.orgawide === true) return true;
  if (claims.groupid !== undefined) return claims.groupid === groupId;
  return streams.some((s) => claims.streams?.includes(s.name) ?? false);
}
