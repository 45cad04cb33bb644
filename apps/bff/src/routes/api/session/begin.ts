import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { StaffRepository, StaffRow } from '../../../db/repositories/staff.ts';
import { requestAudit, type RequestAudit } from '../../../services/audit.ts';
import { endSessions, sessionEnder, type SessionEnder } from '../../../services/sessions/end.ts';
import { startSession } from '../../../services/sessions/start.ts';

/** What signing in works with; the session routes build it once per plugin. */
export interface SignInDeps {
  /** Its session records and clock start the new session too. */
  sessions: SessionEnder;
  staff: Pick<StaffRepository, 'recordSignIn'>;
  audit: RequestAudit;
}

/** `sessions`: the plugin's own, when it has one already. */
export const signInDeps = (
  app: FastifyInstance,
  sessions: SessionEnder = sessionEnder(app),
): SignInDeps => ({
  sessions,
  staff: app.repos.staff,
  audit: requestAudit(app.repos.audit),
});

/** `provedAt` of a sign-in that proves nothing of the person now: as old as can be. */
export const NO_PROOF = 0;

/**
 * Signs `staff` in on this request: a new session record, and a fresh cookie naming it (so
 * nothing from before sign-in, such as a planted cookie, survives). A session this browser
 * still had ends: its cookie is being replaced, so nobody could use it any more anyway.
 * `provedAt`: when the person proved themselves, if before now (the provider's `auth_time`;
 * `NO_PROOF` when it does not say). Answers the new session's id and the one it replaced.
 */
export async function beginSession(
  { sessions }: Pick<SignInDeps, 'sessions'>,
  request: FastifyRequest,
  staff: StaffRow,
  provedAt?: number,
) {
  const replaced = request.staffSession?.id;
  if (replaced) {
    // Ended by whoever signs in now, as on the way through a code or a new password.
    await endSessions(sessions, { sessionId: replaced }, 'signed-in-again', staff.id);
  }
  const now = sessions.now();
  const proved = Math.min(provedAt ?? now, now);
  const { id, secret } = await startSession(sessions.sessions, {
    staffId: staff.id,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    now,
    provedAt: proved,
  });
  request.session.regenerate();
  // An expired cookie sent along was marked for deletion before the route ran; without this
  // the answer would clear the cookie instead of setting the new session.
  request.session.deleted = false;
  request.session.set('sid', secret);
  request.session.set('csrf', randomBytes(32).toString('base64url'));
  request.staff = staff;
  request.staffSession = { id, provedAt: proved };
  return { id, replaced };
}

/**
 * The last step of every way in (password, code, new password, single sign-on): the session
 * begins, the account's last sign-in is recorded and `session.sign-in` audited, with `details`
 * beside the session's id and, when this browser was signed in already, the session this one
 * replaced (it ends with no entry of its own). `provedAt` as for `beginSession`.
 */
export async function signIn(
  deps: SignInDeps,
  request: FastifyRequest,
  staff: StaffRow,
  details: Record<string, unknown> = {},
  provedAt?: number,
) {
  const { id: sessionId, replaced } = await beginSession(deps, request, staff, provedAt);
  await deps.staff.recordSignIn(staff.id, deps.sessions.now());
  await deps.audit(request, 'session.sign-in', {
    actorId: staff.id,
    subject: staff.id,
    details: { session: sessionId, ...(replaced && { replacedSession: replaced }), ...details },
  });
  return sessionId;
}
