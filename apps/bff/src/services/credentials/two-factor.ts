import type { Role, TwoFactorEnrolment } from '@ptd/contracts';
import type { Config } from '../../config.ts';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { conflict } from '../../lib/errors.ts';
import {
  hashRecoveryCode,
  matchesRecoveryCode,
  newRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.ts';
import type { CredentialDeps } from './deps.ts';
import { enrolmentMaterial, newTotpSecret, openTotp, sealTotp, stepOfCode } from './totp.ts';

export type TwoFactorSetting = Config['twoFactorRequired'];

/** TWO_FACTOR_REQUIRED: whether this role must sign in with a code. */
export const twoFactorRequiredFor = (role: Role, setting: TwoFactorSetting) =>
  setting === 'everyone' || (setting === 'admins' && role === 'admin');

export const twoFactorOn = (staff: Pick<StaffRow, 'totp_enabled_at'>) =>
  staff.totp_enabled_at !== null;

/** A new secret to enrol, kept (sealed) until its first code confirms it; any earlier one goes. */
export async function startEnrolment(
  deps: Pick<CredentialDeps, 'repos' | 'ledgerKeys'>,
  staff: StaffRow,
): Promise<TwoFactorEnrolment> {
  if (twoFactorOn(staff)) {
    throw conflict('two-factor-on', 'Two-factor sign-in is already on for this account.');
  }
  const secret = newTotpSecret();
  await deps.repos.credentials.setPendingTotp(
    staff.id,
    sealTotp(deps.ledgerKeys, staff.id, secret),
  );
  return enrolmentMaterial(secret, staff.email);
}

/** A fresh set of recovery codes (shown once); the earlier set stops working. */
export async function issueRecoveryCodes(
  deps: Pick<CredentialDeps, 'repos' | 'now'>,
  staffId: string,
) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await deps.repos.recoveryCodes.replace(staffId, codes.map(hashRecoveryCode), deps.now());
  return codes;
}

export type EnrolmentOutcome =
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'wrong-code' | 'no-enrolment' };

/** The first code from the app proves it holds the secret: two-factor is on from now. */
export async function confirmEnrolment(
  deps: Pick<CredentialDeps, 'repos' | 'ledgerKeys' | 'now'>,
  staffId: string,
  code: string,
): Promise<EnrolmentOutcome> {
  const staff = await deps.repos.staff.byId(staffId);
  const sealed = staff?.totp_pending_secret;
  if (!staff || !sealed || twoFactorOn(staff)) return { ok: false, reason: 'no-enrolment' };
  const now = deps.now();
  const step = stepOfCode(openTotp(deps.ledgerKeys, staff.id, sealed), code, now);
  if (step === undefined) return { ok: false, reason: 'wrong-code' };
  // The code's step is taken too, so the same code cannot also sign in.
  if (!(await deps.repos.credentials.enableTotp(staff.id, sealed, now, step))) {
    return { ok: false, reason: 'no-enrolment' };
  }
  return { ok: true, recoveryCodes: await issueRecoveryCodes(deps, staff.id) };
}

export type SecondFactorOutcome =
  | { ok: true; method: 'totp' }
  | { ok: true; method: 'recovery-code'; recoveryCodesLeft: number }
  | { ok: false; reason: 'wrong-code' | 'replayed' | 'wrong-recovery-code' | 'used-recovery-code' };

/** Checks a sign-in's code: the app's current code (once per time step) or a recovery code. */
export async function checkSecondFactor(
  deps: Pick<CredentialDeps, 'repos' | 'ledgerKeys' | 'now'>,
  staff: StaffRow,
  input: string,
): Promise<SecondFactorOutcome> {
  const digits = input.replace(/\s/g, '');
  if (/^\d{6}$/.test(digits)) {
    if (!staff.totp_secret) return { ok: false, reason: 'wrong-code' };
    const secret = openTotp(deps.ledgerKeys, staff.id, staff.totp_secret);
    const step = stepOfCode(secret, digits, deps.now());
    if (step === undefined) return { ok: false, reason: 'wrong-code' };
    const taken = await deps.repos.credentials.takeTotpStep(staff.id, step);
    return taken ? { ok: true, method: 'totp' } : { ok: false, reason: 'replayed' };
  }
  const code = normaliseRecoveryCode(input);
  if (!code) return { ok: false, reason: 'wrong-code' };
  const { recoveryCodes } = deps.repos;
  for (const row of await recoveryCodes.ofStaff(staff.id)) {
    if (!matchesRecoveryCode(code, row.code_hash)) continue;
    // Used before, or by a parallel sign-in just now: each recovery code works once.
    if (row.used_at !== null || !(await recoveryCodes.use(row.id, deps.now()))) {
      return { ok: false, reason: 'used-recovery-code' };
    }
    return {
      ok: true,
      method: 'recovery-code',
      recoveryCodesLeft: await recoveryCodes.countUnused(staff.id),
    };
  }
  return { ok: false, reason: 'wrong-recovery-code' };
}

/** Two-factor off: secret, enrolment in progress, recovery codes and unfinished sign-ins. */
export async function removeTwoFactor(
  deps: Pick<CredentialDeps, 'repos' | 'now'>,
  staffId: string,
) {
  await deps.repos.credentials.clearTotp(staffId);
  await deps.repos.recoveryCodes.replace(staffId, [], deps.now());
  await deps.repos.pendingSignIns.removeFor(staffId);
}
