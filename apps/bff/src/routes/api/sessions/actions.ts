import type { StaffSession } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EndedSession } from '../../../db/repositories/staff-sessions.ts';
import type { StaffRow } from '../../../db/repositories/staff.ts';
import { notFound } from '../../../lib/errors.ts';
import { requestAudit } from '../../../services/audit.ts';
import { sessionLabel, toStaffSession } from '../../../services/sessions/describe.ts';
import { endSessions, sessionEnder } from '../../../services/sessions/end.ts';
import { liveWindow, sessionState } from '../../../services/sessions/limits.ts';

/** A list is for people to read; a script that signs in in a loop should not make it huge. */
const LIST_LIMIT = 100;

/** What both the own-sessions routes and the staff routes do, for the owner `owner`. */
export function sessionActions(app: FastifyInstance) {
  const ender = sessionEnder(app);
  const audit = requestAudit(app.repos.audit);
  const { limits } = ender;

  const reasonFor = (request: FastifyRequest, owner: StaffRow) =>
    request.staff?.id === owner.id ? 'ended-by-owner' : 'ended-by-admin';

  /** The answer must not set a cookie for a session that has just ended. */
  function forgetIfCurrent(request: FastifyRequest, ended: EndedSession[]) {
    if (ended.some((row) => row.id === request.staffSession?.id)) {
      request.session.delete();
      request.staffSession = null;
    }
  }

  return {
    async list(request: FastifyRequest, owner: StaffRow): Promise<StaffSession[]> {
      const rows = await app.repos.sessions.listLive(
        owner.id,
        liveWindow(app.now(), limits),
        LIST_LIMIT,
      );
      const current = request.staffSession?.id;
      // This session first, then the others by last use: it was seen now, if only to the minute.
      const ordered = [...rows].sort((a, b) => Number(b.id === current) - Number(a.id === current));
      return ordered.map((row) => toStaffSession(row, current, limits));
    },

    /** Ends one live session of `owner`; 404 for any other id, so ids of others tell nothing. */
    async endOne(request: FastifyRequest, owner: StaffRow, sessionId: string) {
      const row = await app.repos.sessions.byId(sessionId);
      if (!row || row.staff_id !== owner.id || sessionState(row, app.now(), limits) !== 'live') {
        throw notFound('The session');
      }
      const reason = reasonFor(request, owner);
      const { live } = await endSessions(
        ender,
        { sessionId, staffId: owner.id },
        reason,
        request.staff?.id ?? null,
      );
      if (live.length === 0) throw notFound('The session');
      await audit(request, 'session.end', {
        subject: owner.id,
        details: {
          email: owner.email,
          session: sessionId,
          device: sessionLabel(row),
          address: row.ip,
          reason,
        },
      });
      forgetIfCurrent(request, live);
    },

    /** Ends all of `owner`'s sessions, or all but the caller's own; answers how many were live. */
    async endMany(
      request: FastifyRequest,
      owner: StaffRow,
      { keepCurrent }: { keepCurrent: boolean },
    ) {
      const reason = reasonFor(request, owner);
      const except = keepCurrent ? request.staffSession?.id : undefined;
      const { ended, live } = await endSessions(
        ender,
        { staffId: owner.id, ...(except ? { exceptSessionId: except } : {}) },
        reason,
        request.staff?.id ?? null,
      );
      await audit(request, keepCurrent ? 'session.end-others' : 'session.end-all', {
        subject: owner.id,
        details: { email: owner.email, sessionsEnded: live.length, reason },
      });
      forgetIfCurrent(request, ended);
      return { ended: live.length };
    },
  };
}
