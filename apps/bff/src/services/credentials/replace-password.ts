import type { StaffRow } from '../../db/repositories/staff.ts';
import { endSessions, type EndedSessions } from '../sessions/end.ts';
import type { CredentialDeps } from './deps.ts';

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
  deps: Pick<CredentialDeps, 'repos' | 'passwords' | 'now' | 'sessions'>,
  staff: StaffRow,
  password: string,
  { reason, endedBy, keepSessionId }: Replacement,
): Promise<EndedSessions> {
  const hash = await deps.passwords.hash(password, 'known');
  await deps.repos.credentials.setPassword(staff.id, hash, deps.now());
  await deps.repos.passwordResets.withdraw(staff.id);
  await deps.repos.pendingSignIns.removeFor(staff.id);
  return endSessions(
    deps.sessions,
    keepSessionId ? { staffId: staff.id, exceptSessionId: keepSessionId } : { staffId: staff.id },
    reason,
    endedBy,
  );
}
