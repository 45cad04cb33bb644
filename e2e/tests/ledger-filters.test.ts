import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { adminApi, signedInState } from '../src/session.ts';
import { tokenRow, tokensTable } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stamp = Date.now();
/** Tags of this run, mixed case, so that typing a lower-case part of them must find them. */
const LOUNGE = `E2E-VipLounge-${stamp}`;
const CONCERT = `E2E-Concert-Group-${stamp}`;

describe('the overview filters find what staff type', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await sharedBrowser();
    const { context, page, headers } = await adminApi(browser);
    for (const data of [
      { target: { type: 'streams', streams: [STREAMS.vipLounge.name] }, tag: LOUNGE },
      { target: { type: 'group', groupId: STREAMS.concert.id }, tag: CONCERT },
    ]) {
      const created = await page.request.post('/api/tokens', { headers, data });
      expect(created.status(), await created.text()).toBe(201);
    }
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('should find a token by a lower-case part of its tag, and a group token by a rendition it plays', async () => {
    const { page } = await newPage(browser, baseUrl, 'ledger-filters', {
      storageState: await signedInState(browser, ADMIN),
    });
    await page.goto('/tokens');
    await tokensTable(page).waitFor();

    const tag = page.getByRole('textbox', { name: 'Tag' });
    await tag.fill(`viplounge-${stamp}`.toLowerCase());
    await tag.press('Enter');
    // The header row and the one token.
    await expect.poll(() => tokensTable(page).getByRole('row').count()).toBe(2);
    await tokenRow(page, LOUNGE).waitFor();
    await tag.fill('');
    await tag.press('Enter');

    // DmEvt-Cn480 is a rendition in the concert's ABR group: the group token plays it.
    const stream = page.getByRole('textbox', { name: 'Stream' });
    await stream.fill('cn480');
    await stream.press('Enter');
    // The row says why it is there (it was listed before the filter too, without a reason).
    await tokenRow(page, CONCERT)
      .getByText(`Via group ${STREAMS.concert.name}`, { exact: true })
      .waitFor();
    await tokenRow(page, LOUNGE).waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('stream')).toBe('cn480');
  });
});
