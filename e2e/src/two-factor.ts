import { TOTP_STEP_MS, totpCode } from '@ptd/node-testing';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';

/**
 * A code other than `used` (a code is good once): the current one, or, while that is `used`,
 * the next step's, once the app's clock has reached it (a deadline: the BFF reads the real clock).
 */
export async function nextCode(secret: string, used: string) {
  const code = totpCode(secret);
  if (code !== used) return code;
  await sleep(TOTP_STEP_MS - (Date.now() % TOTP_STEP_MS) + 50);
  return totpCode(secret);
}

/** The key shown beside the QR code, without the spaces that group it. */
export async function shownKey(page: Page) {
  const key = page.locator('code[aria-labelledby="two-factor-key-label"]');
  await key.filter({ hasText: /[A-Z2-7]{4}/ }).waitFor();
  return ((await key.textContent()) ?? '').replace(/\s/g, '');
}
