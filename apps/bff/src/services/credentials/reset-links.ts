import type { PasswordResetRow } from '../../db/repositories/password-resets.ts';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { HttpError } from '../../lib/errors.ts';
import { appendOnlyId } from '../../lib/ids.ts';
import { hashSessionSecret, newSessionSecret } from '../sessions/secret.ts';
import type { CredentialDeps } from './deps.ts';

type ResetLinkDeps = Pick<CredentialDeps, 'repos' | 'now'>;

/** A set-password link works for an hour, once. */
export const RESET_LINK_LIFETIME_MS = 60 * 60_000;

/**
 * A new set-password link for `staff`. The secret travels in the fragment (`#token=`), which
 * browsers never send to a server, so it is in no access log; the page POSTs it. Only its
 * SHA-256 is kept: 256 random bits leave nothing for a slow hash to protect.
 */
export async function issueResetLink(
  deps: ResetLinkDeps,
  staff: StaffRow,
  createdBy: string | null,
  origin: string,
) {
  const secret = newSessionSecret();
  const now = deps.now();
  const row: PasswordResetRow = {
    id: appendOnlyId(),
    secret_hash: hashSessionSecret(secret),
    staff_id: staff.id,
    created_by: createdBy,
    created_at: now,
    expires_at: now + RESET_LINK_LIFETIME_MS,
    used_at: null,
  };
  await deps.repos.passwordResets.issue(row);
  return {
    id: row.id,
    link: `${origin}/set-password#token=${secret}`,
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

export type LinkProblem = 'unknown' | 'used' | 'expired';

const PROBLEMS: Record<LinkProblem, [number, string, string]> = {
  unknown: [
    404,
    'link-not-found',
    'This set-password link is not valid. Check that you opened the whole link, or ask an admin for a new one.',
  ],
  used: [
    410,
    'link-used',
    'This set-password link has been used already. Ask an admin for a new one if you need it.',
  ],
  expired: [
    410,
    'link-expired',
    'This set-password link has expired (links work for an hour). Ask an admin for a new one.',
  ],
};

export const linkRefusal = (problem: LinkProblem) => new HttpError(...PROBLEMS[problem]);

/** The link's record and account, or why it cannot be used. */
export async function findResetLink(
  deps: ResetLinkDeps,
  token: string,
): Promise<
  | { ok: true; row: PasswordResetRow; staff: StaffRow }
  | { ok: false; problem: LinkProblem; staffId?: string }
> {
  const row = await deps.repos.passwordResets.bySecretHash(hashSessionSecret(token));
  if (!row) return { ok: false, problem: 'unknown' };
  if (row.used_at !== null) return { ok: false, problem: 'used', staffId: row.staff_id };
  if (row.expires_at <= deps.now()) return { ok: false, problem: 'expired', staffId: row.staff_id };
  const staff = await deps.repos.staff.byId(row.staff_id);
  if (!staff) return { ok: false, problem: 'unknown' };
  return { ok: true, row, staff };
}
