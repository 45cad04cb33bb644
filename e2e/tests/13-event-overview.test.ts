import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { adminApi, signedInState } from '../src/session.ts';
import { mainNav, tokenRow, tokensTable } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const TAG = `E2E-Marathon-${Date.now()}`;
const TOKENS = 4;

describe('the event overview', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await sharedBrowser();
    const { context, page, headers } = await adminApi(browser);
    for (let i = 0; i < TOKENS; i += 1) {
      const created = await page.request.post('/api/tokens', {
        headers,
        data: { target: { type: 'streams', streams: [STREAMS.marathon.name] }, tag: TAG },
      });
      expect(created.status(), await created.text()).toBe(201);
    }
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('should show the tokens just created and lead from a target to its active tokens', async () => {
    const { page } = await newPage(browser, baseUrl, 'event-overview', {
      storageState: await signedInState(browser, ADMIN),
    });
    await page.goto('/tokens');
    await mainNav(page).getByRole('link', { name: 'Event overview' }).click();
    await page.getByRole('heading', { name: 'Event overview', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    const issued = page.getByRole('region', { name: 'Tokens issued' });
    await issued.getByText(/in the last 48 hours/).waitFor();
    // The charts are drawn (SVG bars), not only their captions.
    await expect.poll(() => issued.locator('svg rect, svg path').count()).toBeGreaterThan(0);

    const targets = page.getByRole('navigation', { name: 'Active tokens by target' });
    const link = targets.getByRole('link', { name: STREAMS.marathon.name });
    // "Marathon 4" beside the link: the number clicked is the number listed.
    const counted = (await link.locator('xpath=..').innerText()).trim().split(/\s+/).at(-1);
    await link.click();
    await tokensTable(page).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/tokens');
    expect(url.searchParams.get('stream')).toBe(STREAMS.marathon.name);
    expect(url.searchParams.get('status')).toBe('active');
    expect(url.searchParams.get('targetType')).toBe('streams');
    // That stream only, not another whose name holds its name: the filter says it is exact.
    expect(url.searchParams.get('streamMatch')).toBe('exact');
    await page
      .getByRole('button', { name: `Stream filter: ${STREAMS.marathon.name} (exact)` })
      .waitFor();
    await tokenRow(page, TAG).first().waitFor();
    await page.getByText(new RegExp(`^1–\\d+ of ${counted}$`)).waitFor();
  });
});
