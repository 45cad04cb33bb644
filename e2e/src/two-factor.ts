import { TOTP_STEP_MS, totpCode } from '@ptd/node-testing';
import type { Page } from 'playwright-core';

/**
 * A code other than `used` (a code is good once): the current one, or, while that is `used`,
 * the next step's, which the BFF takes already (it allows one step of clock drift either way),
 * rather than waiting up to 30 s for the app's clock to reach it.
 */
export function nextCode(secret: string, used: string) {
  const code = totpCode(secret);
  return code !== used ? code : totpCode(secret, Date.now() + TOTP_STEP_MS);
}

/** The key shown beside the QR code, without the spaces that group it. */
export async function shownKey(page: Page) {
  const key = page.locator('code[aria-labelledby="two-factor-key-label"]');
  await key.filter({ hasText: /[A-Z2-7]{4}/ }).waitFor();
  return ((await key.textContent()) ?? '').replace(/\s/g, '');
}
