import type { FastifyInstance } from 'fastify';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { endSessions, sessionEnder, type EndedSessions } from '../sessions/end.ts';

export interface Replacement {
  reason: 'password-changed' | 'password-reset';
  /** Who did it (the staff member themselves for a change or a link). */
  endedBy: string | null;
  /** The session that changed it stays signed in; every other one ends. */
  keepSessionId?: string | undefined;
}

/**
 * A new password for `staff`: whoever held the old one is out. Their sessions end (all, or
 * all but the one that changed it), unfinished sign-ins and unused set-password links stop
 * working, and the must-change flag goes.
 */
export async function replacePassword(
  app: FastifyInstance,
  staff: StaffRow,
  password: string,
  { reason, endedBy, keepSessionId }: Replacement,
): Promise<EndedSessions> {
  await app.repos.credentials.setPassword(staff.id, await app.passwords.hash(password), app.now());
  await app.repos.passwordResets.withdraw(staff.id);
  await app.repos.pendingSignIns.removeFor(staff.id);
  return endSessions(
    sessionEnder(app),
    keepSessionId ? { staffId: staff.id, exceptSessionId: keepSessionId } : { staffId: staff.id },
    reason,
    endedBy,
  );
}
