import type { PlaybackTokenResponse, SplayRequest } from '@ptd/contracts';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { policyTarget, type PolicyRow } from '../../db/repositories/policy-record.ts';
import { HttpError } from '../../lib/errors.ts';
import { LogWindows } from '../../lib/log-windows.ts';
import { isRefusal } from '../../upstream/client.ts';
import { attemptRow, type AttemptActor } from '../tokens/attempt.ts';
import { tokenServiceDeps, type TokenServiceDeps } from '../tokens/deps.ts';
import {
  recordMinted,
  recordNeverDelivered,
  type RecordMintedDeps,
} from '../tokens/record-minted.ts';

export interface ViewerContext {
  /** Bound IPv4 address; absent when the policy does not bind or serves IPv6 unbound. */
  ip: string | undefined;
  /** The requesting site's host name. */
  domain: string;
  /** The verified identity's subject. */
  user: string | undefined;
}

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
 * What issuing a viewer token works with (`writeBehind`: VIEWER_LEDGER_WRITES=behind;
 * `logWindows`: its warnings once per window and code, for they come at an audience's rate).
 */
export type ViewerIssueDeps = RecordMintedDeps &
  Pick<TokenServiceDeps, 'nanostream'> & { logWindows?: LogWindows };

/** The app's share for viewer tokens. */
export function viewerIssueDeps(app: FastifyInstance): ViewerIssueDeps {
  const { repos, nanostream, now, ledgerKeys } = tokenServiceDeps(app);
  const writeBehind = app.config.viewerLedgerWrites === 'behind' ? app.repos.viewerRows : null;
  return { repos, nanostream, now, ledgerKeys, writeBehind, logWindows: new LogWindows(now) };
}

/**
 * Mints a viewer token under a policy and records it in the ledger (kind viewer, with the
 * policy, IP, domain and user). Unlike a staff token, the row is written once, after the
 * answer (decision 019): by default behind it, with other viewers' rows (decision 020), or
 * committed before the token is handed out. Upstream details stay in the log: an anonymous
 * viewer learns only that no token can be issued right now.
 */
export async function issueViewerToken(
  deps: ViewerIssueDeps,
  policy: PolicyRow,
  viewer: ViewerContext,
  actor: AttemptActor,
  log: FastifyBaseLogger,
): Promise<PlaybackTokenResponse> {
  // Rows the database keeps refusing fill what can be held: mint nothing it could not record.
  if (deps.writeBehind && !deps.writeBehind.hasRoom) {
    const message = 'viewer token not issued: its ledger row could not be held';
    if (once(deps, log, message, 503, {})) {
      log.warn({ policyId: policy.id, held: deps.writeBehind.pending }, message);
    }
    throw unavailable(503);
  }
  const now = deps.now();
  const body = viewerSplayRequest(policy, viewer, now);
  const target = policyTarget(policy);
  const row = attemptRow(deps, {
    kind: 'viewer',
    policy_id: policy.id,
    target: JSON.stringify(target),
    issued_at: Math.floor(now / 1000),
    not_before: Math.floor(now / 1000),
    expires_at: body.exp as number,
    revocable: policy.revocable ? 1 : 0,
    force_disconnect: policy.force_disconnect ? 1 : 0,
    ip: viewer.ip ?? null,
    domain: viewer.domain,
    viewer_user: viewer.user ?? null,
    tag: policy.tag,
    created_by: null,
  });
  let token: string;
  try {
    token = await deps.nanostream.createToken(body);
  } catch (error) {
    const status = error instanceof HttpError ? error.statusCode : 500;
    // Only the service's own refusal says nothing was minted; anything else may have been.
    if (!isRefusal(error)) {
      const code = error instanceof HttpError ? error.code : 'internal';
      await recordNeverDelivered(deps, row, target, actor, log, 'no-answer', { code });
    }
    const code = error instanceof HttpError ? error.code : undefined;
    const message = 'viewer token refused by the token service';
    if (once(deps, log, message, status, { code })) {
      log.warn(
        {
          policyId: policy.id,
          status,
          code,
          upstreamErrorCode:
            error instanceof HttpError ? error.extra.upstream?.errorCode : undefined,
        },
        message,
      );
    }
    // The service refused the policy's own settings (say, a stream the organisation no longer
    // has): not a passing outage, and nothing the viewer can change.
    if (error instanceof HttpError && status === 400 && error.code === 'invalid-request') {
      throw new HttpError(
        409,
        'policy-not-issuable',
        'This stream’s playback policy cannot issue tokens: the token service refuses its settings. The site’s operator must correct the policy.',
      );
    }
    throw unavailable(status === 504 ? 504 : 502);
  }

  try {
    const recorded = await recordMinted(deps, row, target, token, actor, log);
    return { jwtoken: token, exp: Number(recorded.expires_at) };
  } catch {
    // Committed first and not recorded, so not handed out (recordMinted logged and marked it).
    throw unavailable(503);
  }
}

const unavailable = (status: number) =>
  new HttpError(
    status,
    'token-service-unavailable',
    'A playback token cannot be issued right now. Try again in a moment.',
  );

/** Whether to write a warning now: the first of its kind in its window (with `logWindows`). */
function once(
  deps: ViewerIssueDeps,
  log: FastifyBaseLogger,
  message: string,
  status: number,
  fields: Record<string, unknown>,
) {
  return (
    deps.logWindows?.first(`${message} ${String(fields.code)}`, status, log, {
      message: `${message} (further ones, counted)`,
      fields,
    }) ?? true
  );
}
