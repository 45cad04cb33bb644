import { Secret as OtpSecret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { TwoFactorEnrolment } from '@ptd/contracts';
import { open, seal, type KeyList } from '../../lib/crypto.ts';
import { totpContext } from '../../lib/crypto-contexts.ts';

/**
 * TOTP (RFC 6238) with otpauth: SHA-1, 6 digits, 30 s — what every authenticator app reads
 * from a QR code. A code is accepted one step either side of now (clock drift), once.
 */
const PERIOD = 30;
const SETTINGS = { algorithm: 'SHA1', digits: 6, period: PERIOD } as const;
const ISSUER = 'Playback Tokens';

/** 160 random bits, RFC 4226's recommended length, in base32. */
export const newTotpSecret = () => new OtpSecret({ size: 20 }).base32;

export const sealTotp = (keys: KeyList, staffId: string, secret: string) =>
  seal(keys, secret, totpContext(staffId));
export const openTotp = (keys: KeyList, staffId: string, sealed: string) =>
  open(keys, sealed, totpContext(staffId));

/** What enrolment shows: the secret as text, its otpauth:// URI and that URI as a QR code. */
export async function enrolmentMaterial(
  secret: string,
  email: string,
): Promise<TwoFactorEnrolment> {
  const totp = new TOTP({
    ...SETTINGS,
    issuer: ISSUER,
    label: email,
    secret: OtpSecret.fromBase32(secret),
  });
  const uri = totp.toString();
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    secret,
    uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

/** The time step `code` belongs to, if it is valid now (± one step); else undefined. */
export function stepOfCode(secret: string, code: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = TOTP.validate({
    ...SETTINGS,
    secret: OtpSecret.fromBase32(secret),
    token: code,
    timestamp: nowMs,
    window: 1,
  });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PERIOD, timestamp: nowMs }) + delta;
}
