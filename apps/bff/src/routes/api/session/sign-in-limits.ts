import type { FastifyInstance } from 'fastify';
import { HttpError } from '../../../lib/errors.ts';

export const FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Per-account brute-force brake: after N failed sign-ins for one email within 15 minutes
 * (counted since its last successful sign-in), further attempts are refused until the oldest
 * failure leaves the window. Counted from the audit log, so every replica sees the same count.
 */
export async function assertAccountNotLocked(
  app: FastifyInstance,
  email: string,
  lastSignInAt: number | null,
) {
  const now = app.now();
  const since = Math.max(now - FAILURE_WINDOW_MS, lastSignInAt ?? 0);
  const failures = await app.db
    .selectFrom('audit_log')
    .select('at')
    .where('action', '=', 'session.sign-in-failed')
    .where('subject', '=', email)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(app.config.limits.signInFailuresPerAccount)
    .execute();
  if (failures.length < app.config.limits.signInFailuresPerAccount) return;
  const oldest = Number(failures[failures.length - 1]?.at ?? now);
  const retryAfter = Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - now) / 1000));
  throw new HttpError(
    429,
    'rate-limited',
    'Too many failed sign-ins for this account. Wait a few minutes and try again.',
    {},
    { 'retry-after': String(retryAfter) },
  );
}
