import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KEY_LABELS } from '../lib/crypto-contexts.ts';
import { deriveKey } from '../lib/crypto.ts';

/** How long a browser stays a known device of an account after a successful sign-in. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 3600;

/**
 * Sent only where a password is checked: sign-in and confirming it's you (under
 * `/api/session`), and changing one's password, so that all three count a browser's wrong
 * passwords under the same keys. One cookie for each path; nothing else needs it.
 */
export const DEVICE_COOKIE_PATHS = ['/api/session', '/api/account/password'] as const;

/** `__Secure-` needs the Secure flag, so it is used only when cookies are always Secure. */
export const deviceCookieName = (cookieSecure: boolean | undefined) =>
  cookieSecure === true ? '__Secure-ptd_device' : 'ptd_device';

const VALUE = /^([\w-]{22})\.(\d{1,12})\.([\w-]{43})$/;

/**
 * The OWASP "device cookie": proof that this browser signed in to this account before, so
 * failures of strangers elsewhere never slow it down. It holds a random device id, an expiry
 * and an HMAC over both and the account's email; it names no account itself. The keys are
 * derived from the session keys (own label), so rotating those rotates these too.
 */
export class DeviceCookies {
  private readonly keys: Buffer[];

  constructor(sessionKeys: readonly Buffer[]) {
    this.keys = sessionKeys.map((key) => deriveKey(key, KEY_LABELS.deviceCookie));
  }

  /** A new cookie value; keeps the device id of a browser that already had one. */
  issue(email: string, nowMs: number, deviceId = randomBytes(16).toString('base64url')): string {
    const expires = Math.floor(nowMs / 1000) + DEVICE_COOKIE_MAX_AGE_SECONDS;
    return `${deviceId}.${expires}.${this.mac(this.keys[0] as Buffer, email, deviceId, expires)}`;
  }

  /** The device id when the value is ours, unexpired and for this email; else undefined. */
  verify(value: string | undefined, email: string, nowMs: number): string | undefined {
    const match = value === undefined ? null : VALUE.exec(value);
    if (!match) return undefined;
    const [, deviceId, expires, mac] = match as unknown as [string, string, string, string];
    if (Number(expires) * 1000 <= nowMs) return undefined;
    // Compared as text: a second spelling of the same bytes (base64 padding bits) is refused.
    const given = Buffer.from(mac);
    const valid = this.keys.some((key) =>
      timingSafeEqual(Buffer.from(this.mac(key, email, deviceId, Number(expires))), given),
    );
    return valid ? deviceId : undefined;
  }

  private mac(key: Buffer, email: string, deviceId: string, expires: number) {
    return createHmac('sha256', key)
      .update(`${email}\n${deviceId}\n${expires}`)
      .digest('base64url');
  }
}
