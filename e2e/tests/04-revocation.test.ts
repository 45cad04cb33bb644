import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { sharedBrowser, newPage } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import {
  closeCreatedDialog,
  createdDialog,
  decodeClaims,
  fillTokenForm,
  mainNav,
  openCreatePage,
  playerVerdict,
  submitTokenForm,
  tokenRow,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stream = STREAMS.backstage;

describe('scenario 4: revocation', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a revocable token plays until an admin revokes it in the overview', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'revocation', { storageState });
    const tag = `e2e-revocable-${Date.now()}`;

    const form = await openCreatePage(page);
    await fillTokenForm(form, { streams: [stream.name], revocable: true, tag });
    // Revocable moves the default expiry to 24 hours (the cap for revocable tokens).
    await form.getByRole('status').filter({ hasText: 'moved to 24 hours from now' }).waitFor();
    const shown = await submitTokenForm(form);
    const claims = decodeClaims(shown.token);
    expect(claims.revocable).toBe(true);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(24 * 3600);
    await createdDialog(page)
      .getByRole('definition')
      .filter({ hasText: 'Yes: you (or an admin) can revoke it in Playback tokens' })
      .waitFor();
    await closeCreatedDialog(page);
    const url = shown.playoutUrl ?? '';
    expect(await playerVerdict(context, url)).toMatchObject({ status: 200, verdict: 'allowed' });

    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    const row = tokenRow(page, tag);
    await row.getByRole('cell', { name: 'Active', exact: true }).waitFor();
    const revoke = row.getByRole('button', { name: `Revoke token for ${stream.name}, tag ${tag}` });

    // Revoking asks first; Cancel leaves the token alone.
    const confirm = page.getByRole('dialog', { name: 'Revoke this token?' });
    await revoke.click();
    await confirm.getByText(tag).waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await playerVerdict(context, url)).toMatchObject({ verdict: 'allowed' });

    await revoke.click();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Token revoked.' }).waitFor();
    await row.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();
    expect(await revoke.count()).toBe(0);

    // The player page now refuses it, as revoked.
    expect(await playerVerdict(context, url)).toMatchObject({
      status: 403,
      verdict: 'denied',
      reason: 'revoked',
      errorCode: '4906',
      summary: expect.stringContaining('has been revoked'),
    });
    await context.close();
  });

  it('a token that is not revocable offers no revoke action', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'not-revocable', { storageState });
    const tag = `e2e-permanent-${Date.now()}`;

    const form = await openCreatePage(page);
    await fillTokenForm(form, { streams: [stream.name], tag });
    const shown = await submitTokenForm(form);
    expect(decodeClaims(shown.token).revocable).toBeUndefined();
    await closeCreatedDialog(page);

    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    const row = tokenRow(page, tag);
    await row.getByRole('cell', { name: 'Active', exact: true }).waitFor();
    expect(await row.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);

    // Its details say why, and offer no revoke either.
    await row
      .getByRole('button', { name: `Details of token for ${stream.name}, tag ${tag}` })
      .click();
    const details = page.getByRole('dialog', { name: 'Token details' });
    await details.getByText('This token is not revocable').waitFor();
    expect(await details.getByRole('button', { name: /revoke/i }).count()).toBe(0);
    await context.close();
  });
});
