import type { StaffSessionRow } from '../../db/repositories/staff-sessions.ts';

/** last_seen_at is written at most this often per session. */
export const LAST_SEEN_STEP_MS = 60_000;

/** How far ahead of this server's clock a replica's may be when it writes a session time. */
const CLOCK_SKEW_MS = 60_000;

/** Idle and absolute limits, from SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS. */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export const sessionLimits = (config: { idleMinutes: number; absoluteHours: number }) => ({
  idleMs: config.idleMinutes * 60_000,
  absoluteMs: config.absoluteHours * 3_600_000,
});

export type SessionState = 'live' | 'ended' | 'idle' | 'expired';

type Times = Pick<StaffSessionRow, 'created_at' | 'last_seen_at' | 'ended_at'>;

/** Whether a session record still lets its cookie in, and if not, why. */
export function sessionState(row: Times, now: number, limits: SessionLimits): SessionState {
  if (row.ended_at !== null) return 'ended';
  const created = Number(row.created_at);
  const seen = Number(row.last_seen_at);
  // A time far in the future (a replica's clock running ahead) would stretch a limit by as much.
  if (now - created >= limits.absoluteMs || created > now + CLOCK_SKEW_MS) return 'expired';
  if (now - seen >= limits.idleMs || seen > now + CLOCK_SKEW_MS) return 'idle';
  return 'live';
}

/** The bounds a live session's times are within at `now`. */
export const liveWindow = (now: number, limits: SessionLimits) => ({
  seenAfter: now - limits.idleMs,
  startedAfter: now - limits.absoluteMs,
});
