import {
  decodeToken,
  splayClaimsSchema,
  type PlaybackTokenResponse,
  type SplayRequest,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { policyTarget, type PolicyRow } from '../../db/repositories/policy-record.ts';
import { targetValues, tokenContext } from '../../db/repositories/ledger-record.ts';
import { seal } from '../../lib/crypto.ts';
import { HttpError } from '../../lib/errors.ts';
import { audit } from '../audit.ts';
import { appendOnlyId } from '../../lib/ids.ts';

export interface ViewerContext {
  /** Bound IPv4 address; absent when the policy does not bind or serves IPv6 unbound. */
  ip: string | undefined;
  /** The requesting site's host name. */
  domain: string;
  /** The verified identity's subject. */
  user: string | undefined;
}

const safeErr = (error: unknown) => ({
  message: (error as Error | undefined)?.message,
  code: (error as { code?: unknown } | undefined)?.code,
});

/** The token service body for a policy and a viewer: exp, target, restrictions. */
export function viewerSplayRequest(policy: PolicyRow, viewer: ViewerContext, nowMs: number) {
  const target = policyTarget(policy);
  const body: SplayRequest = {
    exp: Math.floor(nowMs / 1000) + Number(policy.lifetime_minutes) * 60,
    domain: viewer.domain,
  };
  if (target.type === 'streams') body.streams = [...target.streams];
  else if (target.type === 'group') body.groupid = target.groupId;
  else body.orgawide = true;
  if (policy.revocable) body.revocable = true;
  if (policy.force_disconnect) body.forceDisconnect = true;
  if (viewer.ip !== undefined) body.ip = viewer.ip;
  if (viewer.user !== undefined) body.user = viewer.user;
  if (policy.tag !== null) body.tag = policy.tag;
  return body;
}

/**
 * Mints a viewer token under a policy and records it in the ledger (kind viewer, with the
 * policy, IP, domain and user). Upstream details stay in the log: an anonymous viewer learns
 * only that no token can be issued right now.
 */
export async function issueViewerToken(
  app: FastifyInstance,
  request: FastifyRequest,
  policy: PolicyRow,
  viewer: ViewerContext,
): Promise<PlaybackTokenResponse> {
  const body = viewerSplayRequest(policy, viewer, app.now());
  let token: string;
  try {
    token = await app.nanostream.createToken(body);
  } catch (error) {
    const status = error instanceof HttpError ? error.statusCode : 500;
    request.log.warn(
      {
        policyId: policy.id,
        status,
        code: error instanceof HttpError ? error.code : undefined,
        upstreamErrorCode: error instanceof HttpError ? error.extra.upstream?.errorCode : undefined,
      },
      'viewer token refused by the token service',
    );
    throw new HttpError(
      status === 504 ? 504 : 502,
      'token-service-unavailable',
      'A playback token cannot be issued right now. Try again in a moment.',
    );
  }

  const decoded = decodeToken(token);
  const parsed = splayClaimsSchema.safeParse(decoded.ok ? decoded.token.claims : {});
  const claims = parsed.success ? parsed.data : undefined;
  const now = app.now();
  const id = appendOnlyId();
  const jti = claims?.jti ?? `unknown:${id}`;
  const target = policyTarget(policy);
  try {
    await app.repos.ledger.insert(
      {
        id,
        jti,
        kind: 'viewer',
        policy_id: policy.id,
        target: JSON.stringify(target),
        issued_at: claims?.iat ?? Math.floor(now / 1000),
        not_before: claims?.nbf ?? Math.floor(now / 1000),
        expires_at: claims?.exp ?? (body.exp as number),
        revocable: policy.revocable ? 1 : 0,
        force_disconnect: policy.force_disconnect ? 1 : 0,
        ip: viewer.ip ?? null,
        domain: viewer.domain,
        viewer_user: viewer.user ?? null,
        tag: policy.tag,
        claims: JSON.stringify(decoded.ok ? decoded.token.claims : {}),
        created_by: null,
        created_at: now,
        revoked_at: null,
        revoked_by: null,
        // Kept (encrypted) only so staff can revoke it.
        encrypted_token: policy.revocable ? seal(app.ledgerKeys, token, tokenContext(id)) : null,
      },
      target,
    );
  } catch (error) {
    // The viewer still plays; the gap in the ledger is reported, never swallowed.
    request.log.error({ err: safeErr(error), ledgerId: id, jti }, 'ledger write failed');
    await audit(app, request, 'token.ledger-write-failed', {
      actorId: null,
      subject: id,
      details: { jti, policyId: policy.id, targetValues: targetValues(target) },
    }).catch((e: unknown) => request.log.error({ err: safeErr(e) }, 'audit write failed too'));
  }
  return { jwtoken: token, exp: claims?.exp ?? (body.exp as number) };
}
