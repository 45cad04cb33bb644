import type { PendingSignIn, SignInStage } from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SignInPendingRow } from '../../../db/repositories/sign-in-pending.ts';
import { isSsoAccount, type StaffRow } from '../../../db/repositories/staff.ts';
import { appendOnlyId } from '../../../lib/ids.ts';
import { HttpError } from '../../../lib/errors.ts';
import { twoFactorOn, twoFactorRequiredFor } from '../../../services/credentials/two-factor.ts';
import { sessionLabel } from '../../../services/sessions/describe.ts';
import { endSessions } from '../../../services/sessions/end.ts';
import { hashSessionSecret, newSessionSecret } from '../../../services/sessions/secret.ts';
import { signIn, type SignInDeps } from './begin.ts';

/** Time for each step: a code is quick; installing an app or choosing a password is not. */
const LIFETIME_MS: Record<SignInStage, number> = {
  'two-factor': 5 * 60_000,
  'enrol-two-factor': 15 * 60_000,
  'change-password': 15 * 60_000,
};

export const signInExpired = () =>
  new HttpError(
    401,
    'sign-in-expired',
    'Your sign-in has expired or ended. Enter your email and password again.',
  );

/** What `staff` must still do after the password, in this order; undefined: nothing. */
export function nextStage(app: FastifyInstance, staff: StaffRow): SignInStage | undefined {
  if (staff.must_change_password) return 'change-password';
  if (twoFactorOn(staff)) return 'two-factor';
  // Not for a provider's account (its ADMIN_PASSWORD): two-factor is the provider's, and
  // enrolling here is refused.
  if (!isSsoAccount(staff) && twoFactorRequiredFor(staff.role, app.config.twoFactorRequired)) {
    return 'enrol-two-factor';
  }
  return undefined;
}

const describe = (row: Pick<SignInPendingRow, 'stage' | 'expires_at'>, staff: StaffRow) => ({
  pending: row.stage,
  email: staff.email,
  expiresAt: new Date(Number(row.expires_at)).toISOString(),
});

/** Forgets this browser's unfinished sign-in, if it has one. */
export async function dropPending(app: FastifyInstance, request: FastifyRequest) {
  const secret = request.session.get('pending');
  if (typeof secret !== 'string') return;
  const row = await app.repos.pendingSignIns.bySecretHash(hashSessionSecret(secret));
  if (row) await app.repos.pendingSignIns.remove(row.id);
}

/**
 * The password was right and `stage` comes next. No session exists until the last step: the
 * cookie carries only the secret of a short-lived record that allows that step and no other.
 * A session this browser still had ends now, its cookie being replaced, and is audited as
 * `session.end` (reason `signed-in-again`): the last step, which would name it, may never come.
 */
export async function beginPending(
  app: FastifyInstance,
  { sessions, audit }: Pick<SignInDeps, 'sessions' | 'audit'>,
  request: FastifyRequest,
  staff: StaffRow,
  stage: SignInStage,
): Promise<PendingSignIn> {
  if (request.staffSession) {
    const { id } = request.staffSession;
    const reason = 'signed-in-again';
    const { live } = await endSessions(sessions, { sessionId: id }, reason, staff.id);
    for (const ended of live) {
      await audit(request, 'session.end', {
        actorId: staff.id,
        subject: ended.staff_id,
        details: {
          email: request.staff?.email,
          session: ended.id,
          device: sessionLabel(ended),
          address: ended.ip,
          reason,
        },
      });
    }
  }
  await dropPending(app, request);
  const secret = newSessionSecret();
  const now = app.now();
  const row = {
    id: appendOnlyId(),
    secret_hash: hashSessionSecret(secret),
    staff_id: staff.id,
    stage,
    created_at: now,
    expires_at: now + LIFETIME_MS[stage],
  };
  await app.repos.pendingSignIns.insert(row);
  request.session.regenerate();
  request.session.deleted = false;
  request.session.set('pending', secret);
  request.staff = null;
  request.staffSession = null;
  return describe(row, staff);
}

export interface Pending {
  row: SignInPendingRow;
  staff: StaffRow;
  /** How the API describes it. */
  body: PendingSignIn;
}

/** This browser's unfinished sign-in, while it is within its time and its account enabled. */
export async function currentPending(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<Pending | undefined> {
  const secret = request.session.get('pending');
  if (typeof secret !== 'string') return undefined;
  const row = await app.repos.pendingSignIns.bySecretHash(hashSessionSecret(secret));
  if (!row || row.expires_at <= app.now()) return undefined;
  const staff = await app.repos.staff.byId(row.staff_id);
  if (!staff || staff.disabled) return undefined;
  return { row, staff, body: describe(row, staff) };
}

/** The unfinished sign-in, at `stage`; else 401 `sign-in-expired`. */
export async function requirePending(
  app: FastifyInstance,
  request: FastifyRequest,
  stage: SignInStage,
): Promise<Pending> {
  const pending = await currentPending(app, request);
  if (!pending || pending.row.stage !== stage) throw signInExpired();
  return pending;
}

/** The last step is done: the pending record goes (once) and the session begins. */
export async function finishPending(
  app: FastifyInstance,
  deps: SignInDeps,
  request: FastifyRequest,
  { row, staff }: Pending,
  details: Record<string, unknown>,
) {
  if (!(await app.repos.pendingSignIns.remove(row.id))) throw signInExpired();
  return signIn(deps, request, staff, details);
}
