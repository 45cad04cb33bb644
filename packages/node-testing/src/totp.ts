import { Secret, TOTP } from 'otpauth';

/** Length of a TOTP time step: what an authenticator app uses unless told otherwise. */
export const TOTP_STEP_MS = 30_000;

/**
 * The code an authenticator app shows for the base32 `secret` at `atMs` (RFC 6238 with the
 * app's settings: SHA-1, 6 digits, 30 s), computed by the library the BFF checks codes with.
 */
export const totpCode = (secret: string, atMs = Date.now()) =>
  TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_STEP_MS / 1000,
    timestamp: atMs,
  });
