import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import { staffApi } from '../src/staff-api.ts';
import { tokensTable } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

/**
 * Dates in the browser's language, with only that language's date locale fetched, and a staff
 * member's choice of local time or UTC for tables kept across reloads.
 */

const baseUrl = appUrl();
let browser: Browser;
let storageState: string;

beforeAll(async () => {
  browser = await sharedBrowser();
  storageState = await signedInState(browser, ADMIN);
  // At least one token to list, whatever ran before.
  const context = await browser.newContext({ baseURL: baseUrl, storageState });
  await (
    await staffApi(context)
  ).post('/tokens', {
    target: { type: 'streams', streams: [STREAMS.jazzNight.name] },
    tag: `e2e-dates-${Date.now()}`,
  });
  await context.close();
});
afterAll(async () => {
  await browser?.close();
});

/** The dayjs locales among the scripts the page fetched, by the name each one registers. */
async function dateLocales(responses: Response[]) {
  const names = new Set<string>();
  for (const response of responses) {
    if (!response.url().endsWith('.js')) continue;
    const body = await response.text().catch(() => '');
    for (const match of body.matchAll(/name:\s*["'`]([a-z-]+)["'`],\s*weekdays:/g)) {
      if (match[1] !== 'en') names.add(match[1] as string);
    }
  }
  return [...names];
}

describe('dates and times in tables', () => {
  it('should show German dates under de-DE, fetching the German date locale only', async () => {
    const { page } = await newPage(browser, baseUrl, 'dates-de', {
      storageState,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    const responses: Response[] = [];
    page.on('response', (response) => responses.push(response));
    await page.goto('/tokens');
    const table = tokensTable(page);
    await table.getByRole('row').nth(1).waitFor();
    const text = (await table.textContent()) ?? '';
    // "vor ein paar Sekunden", "in 14 Tagen", "30. Nov. 2026 02:26".
    expect(text).toContain('vor ein paar Sekunden');
    expect(text).toContain('in 14 Tagen');
    expect(text).toMatch(/\d{1,2}\. [A-ZÄÖÜ][a-zäöü]+\.? \d{4} \d{2}:\d{2}/);
    expect(await dateLocales(responses)).toEqual(['de']);
  });

  it('should show table times in UTC once chosen in the account menu, also after a reload', async () => {
    const { page } = await newPage(browser, baseUrl, 'dates-utc', {
      storageState,
      timezoneId: 'America/New_York',
    });
    await page.goto('/tokens');
    const firstRow = tokensTable(page).getByRole('row').nth(1);
    await firstRow.waitFor();
    expect(await firstRow.textContent()).not.toContain('UTC');

    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitemradio', { name: 'UTC', exact: true }).click();
    await firstRow.getByText(/ UTC$/).first().waitFor();

    await page.reload();
    await firstRow.getByText(/ UTC$/).first().waitFor();
    await page.getByRole('button', { name: /^Account:/ }).click();
    expect(
      await page
        .getByRole('menuitemradio', { name: 'UTC', exact: true })
        .getAttribute('aria-checked'),
    ).toBe('true');
  });
});
