import type { Role, TwoFactorEnrolment } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { conflict } from '../../lib/errors.ts';
import {
  hashRecoveryCode,
  matchesRecoveryCode,
  newRecoveryCode,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.ts';
import { enrolmentMaterial, newTotpSecret, openTotp, sealTotp, stepOfCode } from './totp.ts';

export type TwoFactorSetting = FastifyInstance['config']['twoFactorRequired'];

/** TWO_FACTOR_REQUIRED: whether this role must sign in with a code. */
export const twoFactorRequiredFor = (role: Role, setting: TwoFactorSetting) =>
  setting === 'everyone' || (setting === 'admins' && role === 'admin');

export const twoFactorOn = (staff: Pick<StaffRow, 'totp_enabled_at'>) =>
  staff.totp_enabled_at !== null;

/** A new secret to enrol, kept (sealed) until its first code confirms it; any earlier one goes. */
export async function startEnrolment(
  app: FastifyInstance,
  staff: StaffRow,
): Promise<TwoFactorEnrolment> {
  if (twoFactorOn(staff)) {
    throw conflict('two-factor-on', 'Two-factor sign-in is already on for this account.');
  }
  const secret = newTotpSecret();
  await app.repos.credentials.setPendingTotp(staff.id, sealTotp(app.ledgerKeys, staff.id, secret));
  return enrolmentMaterial(secret, staff.email);
}

/** A fresh set of recovery codes (shown once); the earlier set stops working. */
export async function issueRecoveryCodes(app: FastifyInstance, staffId: string) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await app.repos.recoveryCodes.replace(staffId, codes.map(hashRecoveryCode), app.now());
  return codes;
}

export type EnrolmentOutcome =
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'wrong-code' | 'no-enrolment' };

/** The first code from the app proves it holds the secret: two-factor is on from now. */
export async function confirmEnrolment(
  app: FastifyInstance,
  staffId: string,
  code: string,
): Promise<EnrolmentOutcome> {
  const staff = await app.repos.staff.byId(staffId);
  const sealed = staff?.totp_pending_secret;
  if (!staff || !sealed || twoFactorOn(staff)) return { ok: false, reason: 'no-enrolment' };
  const now = app.now();
  const step = stepOfCode(openTotp(app.ledgerKeys, staff.id, sealed), code, now);
  if (step === undefined) return { ok: false, reason: 'wrong-code' };
  // The code's step is taken too, so the same code cannot also sign in.
  if (!(await app.repos.credentials.enableTotp(staff.id, sealed, now, step))) {
    return { ok: false, reason: 'no-enrolment' };
  }
  return { ok: true, recoveryCodes: await issueRecoveryCodes(app, staff.id) };
}

export type SecondFactorOutcome =
  | { ok: true; method: 'totp' }
  | { ok: true; method: 'recovery-code'; recoveryCodesLeft: number }
  | { ok: false; reason: 'wrong-code' | 'replayed' | 'wrong-recovery-code' };

/** Checks a sign-in's code: the app's current code (once per time step) or a recovery code. */
export async function checkSecondFactor(
  app: FastifyInstance,
  staff: StaffRow,
  input: string,
): Promise<SecondFactorOutcome> {
  const digits = input.replace(/\s/g, '');
  if (/^\d{6}$/.test(digits)) {
    if (!staff.totp_secret) return { ok: false, reason: 'wrong-code' };
    const secret = openTotp(app.ledgerKeys, staff.id, staff.totp_secret);
    const step = stepOfCode(secret, digits, app.now());
    if (step === undefined) return { ok: false, reason: 'wrong-code' };
    const taken = await app.repos.credentials.takeTotpStep(staff.id, step);
    return taken ? { ok: true, method: 'totp' } : { ok: false, reason: 'replayed' };
  }
  const code = normaliseRecoveryCode(input);
  if (!code) return { ok: false, reason: 'wrong-code' };
  const { recoveryCodes } = app.repos;
  for (const row of await recoveryCodes.unused(staff.id)) {
    if (!matchesRecoveryCode(code, row.code_hash)) continue;
    if (!(await recoveryCodes.use(row.id, app.now()))) return { ok: false, reason: 'replayed' };
    return {
      ok: true,
      method: 'recovery-code',
      recoveryCodesLeft: await recoveryCodes.countUnused(staff.id),
    };
  }
  return { ok: false, reason: 'wrong-recovery-code' };
}

/** Two-factor off: secret, enrolment in progress, recovery codes and unfinished sign-ins. */
export async function removeTwoFactor(app: FastifyInstance, staffId: string) {
  await app.repos.credentials.clearTotp(staffId);
  await app.repos.recoveryCodes.replace(staffId, [], app.now());
  await app.repos.pendingSignIns.removeFor(staffId);
}
