import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { shiftBrowserClock } from '../src/clock.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import {
  closeCreatedDialog,
  decodeClaims,
  fillTokenForm,
  openCreatePage,
  submitTokenForm,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const HOUR = 3600;
const DAY = 24 * HOUR;
const FIVE_MINUTES_MS = 5 * 60_000;

/** A datetime-local value (local wall-clock time of this machine, to the minute). */
const localMinute = (ms: number) => {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

describe('scenario 9: presets with a browser clock that runs off', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['ahead', FIVE_MINUTES_MS],
    ['behind', -FIVE_MINUTES_MS],
  ])(
    'creates tokens for exactly 24 hours, 365 days and 1 hour with the clock 5 minutes %s',
    async (label, offset) => {
      const storageState = await signedInState(browser, ADMIN);
      const { context, page } = await newPage(browser, baseUrl, `clock-${label}`, {
        storageState,
      });
      await shiftBrowserClock(context, offset);
      const tag = `e2e-clock-${label}-${Date.now()}`;
      const stream = STREAMS.pressRoom.name;

      // Revocable: the expiry follows to 24 hours, the cap for revocable tokens.
      let form = await openCreatePage(page);
      await fillTokenForm(form, { streams: [stream], revocable: true, tag: `${tag}-24h` });
      // The date picker offers at most 24 hours ahead by the server's clock, not the browser's.
      const max = await form.getByLabel(/Expires \(your local time\)/).getAttribute('max');
      const serverMax = Date.now() + DAY * 1000;
      expect([localMinute(serverMax - 60_000), localMinute(serverMax)]).toContain(max);
      let claims = decodeClaims((await submitTokenForm(form)).token);
      expect(claims.revocable).toBe(true);
      // The token service stamps iat right after the BFF counted: same or next second.
      expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(DAY - 1);
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(DAY);
      await closeCreatedDialog(page);

      // 365 days: the longest a token can live.
      form = await openCreatePage(page);
      await fillTokenForm(form, { streams: [stream], tag: `${tag}-365d` });
      await form.getByRole('button', { name: '365 days' }).click();
      claims = decodeClaims((await submitTokenForm(form)).token);
      expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(365 * DAY - 1);
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(365 * DAY);
      await closeCreatedDialog(page);

      // One hour counts from creation, not from the click on "1 hour".
      form = await openCreatePage(page);
      await fillTokenForm(form, { streams: [stream], tag: `${tag}-1h` });
      await form.getByRole('button', { name: '1 hour' }).click();
      await page.waitForTimeout(3000);
      claims = decodeClaims((await submitTokenForm(form)).token);
      expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(HOUR - 1);
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(HOUR);
      await closeCreatedDialog(page);
      await context.close();
    },
  );
});
