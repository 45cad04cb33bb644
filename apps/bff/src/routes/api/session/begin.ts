import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { StaffRow } from '../../../db/repositories/staff.ts';
import { audit } from '../../../services/audit.ts';
import { endSessions, sessionEnder } from '../../../services/sessions/end.ts';
import { startSession } from '../../../services/sessions/start.ts';

/**
 * Signs `staff` in on this request: a new session record, and a fresh cookie naming it (so
 * nothing from before sign-in, such as a planted cookie, survives). A session this browser
 * still had ends: its cookie is being replaced, so nobody could use it any more anyway.
 */
export async function beginSession(app: FastifyInstance, request: FastifyRequest, staff: StaffRow) {
  if (request.staffSession) {
    await endSessions(
      sessionEnder(app),
      { sessionId: request.staffSession.id },
      'signed-in-again',
      request.staff?.id ?? null,
    );
  }
  const { id, secret } = await startSession(app.repos.sessions, {
    staffId: staff.id,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    now: app.now(),
  });
  request.session.regenerate();
  // An expired cookie sent along was marked for deletion before the route ran; without this
  // the answer would clear the cookie instead of setting the new session.
  request.session.deleted = false;
  request.session.set('sid', secret);
  request.session.set('csrf', randomBytes(32).toString('base64url'));
  request.staff = staff;
  request.staffSession = { id };
  return id;
}

/**
 * The last step of every way in (password, code, new password, single sign-on): the session
 * begins, the account's last sign-in is recorded and `session.sign-in` audited, with `details`
 * beside the session's id.
 */
export async function signIn(
  app: FastifyInstance,
  request: FastifyRequest,
  staff: StaffRow,
  details: Record<string, unknown> = {},
) {
  const sessionId = await beginSession(app, request, staff);
  await app.repos.staff.recordSignIn(staff.id, app.now());
  await audit(app, request, 'session.sign-in', {
    actorId: staff.id,
    subject: staff.id,
    details: { session: sessionId, ...details },
  });
  return sessionId;
}
