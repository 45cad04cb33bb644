import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { ARTIFACTS, newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { confirmIdentity, signedInState } from '../src/session.ts';
import { staffApi } from '../src/staff-api.ts';
import { settle, tokenRow } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const shots = join(ARTIFACTS, 'revoke-by-filter');

const confirmDialog = (page: Page) => page.getByRole('dialog', { name: 'Revoke matching tokens?' });
const jobDialog = (page: Page) => page.getByRole('dialog', { name: 'Revoke by filter' });

describe('scenario 13: revoke by filter', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an admin revokes every token with a leaked tag at once, sees the summary and each token revoked', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'revoke-by-filter', {
      storageState,
    });
    // The saved session may be older than REAUTH_MINUTES by now: confirm, as a person would.
    await confirmIdentity(page);
    const tag = `e2e-leak-${Date.now()}`;
    const api = await staffApi(context);
    for (let i = 0; i < 3; i += 1) {
      await api.post('/tokens', {
        target: { type: 'streams', streams: [STREAMS.backstage.name] },
        revocable: true,
        user: `viewer-${i}`,
        tag,
      });
    }

    await page.goto(`/tokens?tag=${tag}`);
    const rows = tokenRow(page, tag);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);

    // On a phone first: the confirmation, then cancelled.
    const phone = await newPage(browser, baseUrl, 'revoke-by-filter-phone', {
      storageState,
      viewport: { width: 390, height: 844 },
    });
    await phone.page.goto(`/tokens?tag=${tag}`);
    await phone.page.getByRole('button', { name: 'Revoke matching…' }).click();
    const phoneConfirm = confirmDialog(phone.page);
    await phoneConfirm.getByText('3 active revocable tokens').waitFor();
    await settle(phone.page);
    await phone.page.screenshot({ path: join(shots, 'confirm-390.png') });
    await phoneConfirm.getByRole('button', { name: 'Cancel' }).click();
    await phoneConfirm.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Revoke matching…' }).click();
    const confirm = confirmDialog(page);
    await confirm.getByText('3 active revocable tokens').waitFor();
    const sample = confirm.getByRole('table', { name: 'Tokens that will be revoked' });
    await phoneConfirm.waitFor({ state: 'hidden' });
    await expect
      .poll(() => sample.getByRole('row').filter({ hasText: tag }).count(), { timeout: 15_000 })
      .toBe(3);
    const revoke = confirm.getByRole('button', { name: 'Revoke 3 tokens' });
    expect(await revoke.isDisabled()).toBe(true);
    await confirm.getByRole('textbox', { name: 'Type 3 to confirm' }).fill('3');
    await revoke.and(page.locator(':enabled')).waitFor();
    await settle(page);
    await page.screenshot({ path: join(shots, 'confirm-1440.png') });
    await revoke.click();

    const job = jobDialog(page);
    await job.getByText('Done: every token was dealt with.').waitFor();
    const summary = job.getByRole('definition');
    expect(await summary.allTextContents()).toEqual(['3', '0', '0']);
    await settle(page);
    await page.screenshot({ path: join(shots, 'summary-1440.png') });

    // The job is in the URL: a reload (here on a phone) shows its summary again.
    const jobUrl = new URL(page.url());
    expect(jobUrl.searchParams.get('bulk')).toBeTruthy();
    await phone.page.goto(`${jobUrl.pathname}${jobUrl.search}`);
    await jobDialog(phone.page).getByText('Done: every token was dealt with.').waitFor();
    await settle(phone.page);
    await phone.page.screenshot({ path: join(shots, 'summary-390.png') });
    await phone.context.close();

    await job.getByRole('button', { name: 'Close' }).click();
    await job.waitFor({ state: 'hidden' });
    await expect
      .poll(() => rows.getByRole('cell', { name: 'Revoked', exact: true }).count(), {
        timeout: 15_000,
      })
      .toBe(3);
    await context.close();
  });
});
