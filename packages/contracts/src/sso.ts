import { z } from 'zod';

/** How the sign-in page offers to sign in (`GET /api/session/options`). */
export const signInOptionsSchema = z.object({
  /** Email and password (PASSWORD_SIGN_IN). */
  password: z.boolean(),
  /** Single sign-on with an OpenID provider, when configured: its name for the button. */
  sso: z.object({ name: z.string() }).nullable(),
});
export type SignInOptions = z.infer<typeof signInOptionsSchema>;

/** Where the sign-in button sends the browser (a top-level navigation, not a fetch). */
export const SSO_START_PATH = '/api/session/sso/start';
/** Where the SPA sends the browser after signing out, to sign out at the provider too. */
export const SSO_SIGN_OUT_PATH = '/api/session/sso/signed-out';
/**
 * Where a single sign-on account confirms it's them (a fresh sign-in at the provider), with
 * `?returnTo=<path>` to come back to. With `&popup=1` (a window the dashboard opened) the
 * provider's answer ends on `SSO_CONFIRMED_PATH`, which tells the opener how it went; without,
 * the page `returnTo` is opened again with `?sso-confirm=<outcome>`.
 */
export const SSO_CONFIRM_PATH = '/api/session/sso/confirm';
/**
 * The page a confirmation in a popup ends on (`?outcome=<outcome>&returnTo=<path>`): it posts
 * `{ type: SSO_CONFIRM_MESSAGE, outcome }` to its opener, for this origin only, and closes.
 */
export const SSO_CONFIRMED_PATH = '/api/session/sso/confirmed';
export const SSO_CONFIRM_MESSAGE = 'ptd-sso-confirm';
/** The query parameter of a page opened again after a confirmation in the same tab. */
export const SSO_CONFIRM_PARAM = 'sso-confirm';

/**
 * Why a confirmation at the provider did not confirm. Only this code travels in the URL:
 * nothing of the provider's answer. The dashboard words each (its confirmation dialog).
 */
export const SSO_CONFIRM_FAILURES = [
  'another-account',
  'provider-refused',
  'provider-unavailable',
  'session-ended',
  'expired',
  'not-verified',
  'rate-limited',
  'server-error',
] as const;
export type SsoConfirmFailure = (typeof SSO_CONFIRM_FAILURES)[number];
export type SsoConfirmOutcome = 'confirmed' | SsoConfirmFailure;

export const isSsoConfirmOutcome = (value: unknown): value is SsoConfirmOutcome =>
  value === 'confirmed' || SSO_CONFIRM_FAILURES.includes(value as SsoConfirmFailure);
/** The query parameter of /sign-in that names why a single sign-on failed. */
export const SSO_ERROR_PARAM = 'sso-error';

/**
 * Why a single sign-on failed, as `/sign-in?sso-error=<code>` says, and what the page shows.
 * Nothing of the provider's own text: it is not ours to show, and may echo what it was sent.
 */
export const SSO_ERRORS = {
  'provider-unavailable': 'The identity provider could not be reached. Try again in a moment.',
  'no-transaction': 'This sign-in took too long or was started in another browser. Sign in again.',
  'wrong-state':
    'The answer of the identity provider did not belong to this sign-in. Sign in again.',
  'provider-refused': 'The identity provider did not sign you in.',
  'wrong-issuer':
    'The answer came from another identity provider than this sign-in went to. Sign in again; if it happens again, ask an admin.',
  'code-rejected':
    'The identity provider did not accept this sign-in (it may have been used already). Sign in again.',
  'id-token-invalid':
    'The identity provider’s answer could not be verified (wrong audience, expired or badly signed). Ask an admin to check the single sign-on settings.',
  'email-missing': 'The identity provider did not say your email address. Ask an admin.',
  'email-invalid':
    'The identity provider gave an email address this dashboard does not accept (not a valid address, or longer than 254 characters). Ask an admin.',
  'email-not-verified': 'Your email address is not verified at the identity provider.',
  'email-domain': 'Accounts of your email domain may not sign in to this dashboard.',
  'no-role':
    'Your account at the identity provider has no role in this dashboard. Ask an admin to add you to a group.',
  'email-taken':
    'A dashboard account with your email address signs in with a password. Use it, or ask an admin.',
  'account-disabled': 'This account is disabled. Ask an administrator.',
  'rate-limited': 'Too many sign-ins from here in a short time. Wait a minute and sign in again.',
  'invalid-request': 'This sign-in address was not understood. Sign in again from this page.',
  'server-error': 'Something went wrong on the dashboard server. Sign in again in a moment.',
} as const;
export type SsoErrorCode = keyof typeof SSO_ERRORS;

export const isSsoErrorCode = (value: unknown): value is SsoErrorCode =>
  typeof value === 'string' && Object.hasOwn(SSO_ERRORS, value);

/**
 * What a confirmation's failure is called for the dialog, from the reason a sign-on failed (an
 * answer that found no transaction or another one has expired; a reason the dialog has no words
 * of its own for is "not verified"). The audit keeps the exact reason.
 */
export const ssoConfirmFailureOf = (
  reason: SsoErrorCode | 'another-account' | 'session-ended',
): SsoConfirmFailure =>
  reason === 'no-transaction' || reason === 'wrong-state'
    ? 'expired'
    : (SSO_CONFIRM_FAILURES as readonly string[]).includes(reason)
      ? (reason as SsoConfirmFailure)
      : 'not-verified';
