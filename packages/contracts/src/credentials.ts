import { z } from 'zod';
import { PASSWORD_MIN_LENGTH, sessionSchema } from './api.ts';

/**
 * Schemas of passwords and two-factor sign-in: changing one's own password, set-password
 * links, the steps of a sign-in that needs more than the password, and TOTP enrolment.
 */

export const PASSWORD_MAX_LENGTH = 1024;

/**
 * A new password as the form can check it: its length. Whether it is too easy to guess
 * (common passwords, dictionary words) only the BFF says, so the SPA ships no word lists.
 */
export const newPasswordSchema = (label: string) =>
  z
    .string()
    .min(PASSWORD_MIN_LENGTH, { error: `${label}: at least ${PASSWORD_MIN_LENGTH} characters.` })
    .max(PASSWORD_MAX_LENGTH, { error: `${label}: at most ${PASSWORD_MAX_LENGTH} characters.` });

const currentPassword = z
  .string()
  .min(1, { error: 'Current password: enter your current password.' })
  .max(PASSWORD_MAX_LENGTH, {
    error: `Current password: at most ${PASSWORD_MAX_LENGTH} characters.`,
  });

export const changePasswordRequestSchema = z.strictObject({
  currentPassword,
  newPassword: newPasswordSchema('New password'),
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

export const changePasswordResponseSchema = z.object({
  /** Your other sessions, signed out by the change. */
  sessionsEnded: z.number().int(),
});

/** The first password change of the first admin, inside a sign-in (no current password). */
export const firstPasswordRequestSchema = z.strictObject({
  newPassword: newPasswordSchema('New password'),
});

// Set-password links ------------------------------------------------------------------------

/** The secret of a set-password link: 32 random bytes, base64url. */
const linkToken = z
  .string()
  .trim()
  .min(1, { error: 'Token: the link is incomplete. Open the whole link again.' })
  .max(128, { error: 'Token: the link is not a set-password link.' });

export const passwordResetLinkSchema = z.object({
  /** `<origin>/set-password#token=…`: shown once to the admin, never stored. */
  link: z.string(),
  expiresAt: z.string(),
});
export type PasswordResetLink = z.infer<typeof passwordResetLinkSchema>;

export const resetLinkCheckRequestSchema = z.strictObject({ token: linkToken });

export const resetLinkInfoSchema = z.object({
  email: z.string(),
  displayName: z.string(),
  expiresAt: z.string(),
});
export type ResetLinkInfo = z.infer<typeof resetLinkInfoSchema>;

export const setPasswordRequestSchema = z.strictObject({
  token: linkToken,
  password: newPasswordSchema('Password'),
});
export type SetPasswordRequest = z.infer<typeof setPasswordRequestSchema>;

// Sign-in steps -----------------------------------------------------------------------------

/**
 * What a sign-in still needs after the password: the authenticator code, setting up two-factor
 * (required for this account and not done yet), or a new password (the first admin's).
 */
export const SIGN_IN_STAGES = ['two-factor', 'enrol-two-factor', 'change-password'] as const;
export type SignInStage = (typeof SIGN_IN_STAGES)[number];

export const pendingSignInSchema = z.object({
  pending: z.enum(SIGN_IN_STAGES),
  email: z.string(),
  /** The step must be done by then, else the sign-in starts again. */
  expiresAt: z.string(),
});
export type PendingSignIn = z.infer<typeof pendingSignInSchema>;

/** POST /api/session: signed in, or one more step to go (no session exists until then). */
export const signInResponseSchema = z.union([sessionSchema, pendingSignInSchema]);
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const isPendingSignIn = (body: SignInResponse): body is PendingSignIn => 'pending' in body;

/** A 6-digit authenticator code, or a recovery code (only at sign-in). */
export const secondFactorRequestSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1, { error: 'Code: enter the code from your authenticator app.' })
    .max(64, { error: 'Code: at most 64 characters.' }),
});
export type SecondFactorRequest = z.infer<typeof secondFactorRequestSchema>;

export const totpCodeRequestSchema = z.strictObject({
  code: z
    .string()
    .transform((value) => value.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, { error: 'Code: enter the 6 digits your app shows.' })),
});
export type TotpCodeRequest = z.input<typeof totpCodeRequestSchema>;

// Two-factor enrolment ----------------------------------------------------------------------

export const twoFactorEnrolmentSchema = z.object({
  /** Base32, for apps that cannot scan: typed in by hand. */
  secret: z.string(),
  /** The otpauth:// URI the QR code carries. */
  uri: z.string(),
  /** The QR code as an SVG data URL. */
  qrCode: z.string(),
});
export type TwoFactorEnrolment = z.infer<typeof twoFactorEnrolmentSchema>;

export const recoveryCodesSchema = z.object({
  /** Shown once: each signs in once in place of a code. */
  recoveryCodes: z.array(z.string()),
});
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** The last sign-in step done: signed in, with the recovery codes of the new enrolment. */
export const enrolledSignInSchema = recoveryCodesSchema.extend({ session: sessionSchema });
export type EnrolledSignIn = z.infer<typeof enrolledSignInSchema>;

export const TWO_FACTOR_REQUIREMENTS = ['off', 'admins', 'everyone'] as const;

export const twoFactorStatusSchema = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
  /** TWO_FACTOR_REQUIRED applies to you. */
  required: z.boolean(),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;
