import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';

/** The code an authenticator app shows now for `secret` (RFC 6238, the app's settings). */
export const totpNow = (secret: string, at = Date.now()) =>
  TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: at,
  });

/** Waits until the current 30 s step is not `used`, so a fresh code can be entered. */
export async function nextCode(secret: string, used: string) {
  for (;;) {
    const code = totpNow(secret);
    if (code !== used) return code;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The key shown beside the QR code, without the spaces that group it. */
export async function shownKey(page: Page) {
  const key = page.locator('code[aria-labelledby="two-factor-key-label"]');
  await key.filter({ hasText: /[A-Z2-7]{4}/ }).waitFor();
  return ((await key.textContent()) ?? '').replace(/\s/g, '');
}
