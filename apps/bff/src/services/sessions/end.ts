import type {
  EndedSession,
  EndScope,
  StaffSessionRepository,
} from '../../db/repositories/staff-sessions.ts';
import type { FastifyInstance } from 'fastify';
import type { SessionEndReason } from '../../db/schema.ts';
import { sessionLimits, sessionState, type SessionLimits } from './limits.ts';

export interface SessionEnder {
  sessions: StaffSessionRepository;
  limits: SessionLimits;
  now: () => number;
}

/** The app's session records, limits and clock. */
export const sessionEnder = (app: FastifyInstance): SessionEnder => ({
  sessions: app.repos.sessions,
  limits: sessionLimits(app.config.session),
  now: app.now,
});

export interface EndedSessions {
  /** Every record ended now, including ones already past their idle or absolute limit. */
  ended: EndedSession[];
  /** Of those, the ones that were still usable: what the person notices. */
  live: EndedSession[];
}

/**
 * The one way sessions end, whatever the cause: sign-out, "sign out" in a session list, an
 * admin, a disabled account, a lowered role, a changed or reset password. Scopes:
 *
 * - `{ sessionId }`: one session (with `staffId`, only if it is that staff member's);
 * - `{ staffId }`: all of a staff member's sessions;
 * - `{ staffId, exceptSessionId }`: all but one (the caller's own, "sign out everywhere else").
 *
 * Records past their limits are ended too, so that raising a limit later cannot bring them
 * back. An ended session stays ended: nothing in the dashboard sets `ended_at` back to null.
 */
export async function endSessions(
  { sessions, limits, now }: SessionEnder,
  scope: EndScope,
  reason: SessionEndReason,
  endedBy: string | null,
): Promise<EndedSessions> {
  const at = now();
  const ended = await sessions.end(scope, reason, endedBy, at);
  const live = ended.filter(
    (row) => sessionState({ ...row, ended_at: null }, at, limits) === 'live',
  );
  return { ended, live };
}
