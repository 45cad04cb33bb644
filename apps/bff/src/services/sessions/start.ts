import type { StaffSessionRepository } from '../../db/repositories/staff-sessions.ts';
import { appendOnlyId } from '../../lib/ids.ts';
import { hashSessionSecret, newSessionSecret } from './secret.ts';

/** Longer User-Agent strings are cut: the list only needs the browser and system. */
const USER_AGENT_MAX = 512;

export interface NewSession {
  staffId: string;
  ip: string;
  userAgent: string | undefined;
  now: number;
  /** When the person last proved themselves, when not at this sign-in (decision 022). */
  provedAt?: number;
}

/** Records a new session and answers its id and the secret for the cookie (never stored). */
export async function startSession(sessions: StaffSessionRepository, input: NewSession) {
  const secret = newSessionSecret();
  const id = appendOnlyId();
  await sessions.insert({
    id,
    secret_hash: hashSessionSecret(secret),
    staff_id: input.staffId,
    created_at: input.now,
    last_seen_at: input.now,
    proved_at: input.provedAt ?? input.now,
    ended_at: null,
    end_reason: null,
    ended_by: null,
    ip: input.ip,
    user_agent: input.userAgent?.slice(0, USER_AGENT_MAX) || null,
  });
  return { id, secret };
}
