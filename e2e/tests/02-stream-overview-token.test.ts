import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { sharedBrowser, newPage } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import {
  createdDialog,
  mainNav,
  readDom,
  readPageStorage,
  readShownToken,
  signatureOf,
  tokenForm,
  tokenRow,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stream = STREAMS.jazzNight;

/** Neither the token nor any piece of it that identifies it (its signature) is in `text`. */
function expectNoToken(text: string, token: string, where: string) {
  expect(text.includes(token), `${where} holds the token`).toBe(false);
  expect(text.includes(signatureOf(token)), `${where} holds the token's signature`).toBe(false);
}

/** Storage, URL and history state of this entry and of every entry before it. */
async function expectNoTokenInStorageOrHistory(page: Page, token: string) {
  expectNoToken(await readPageStorage(page), token, `storage at ${page.url()}`);
  const length = await page.evaluate(() => history.length);
  for (let step = 1; step < length; step += 1) {
    await page.goBack();
    if (!page.url().startsWith(baseUrl)) break; // the blank tab the test started from
    expectNoToken(await readPageStorage(page), token, `history entry ${page.url()}`);
  }
}

describe('scenario 2: a token from a stream overview', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is listed with its tag and Active, never shown again, and kept in no storage', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'stream-overview-token', {
      storageState,
    });
    const tag = `e2e-overview-${Date.now()}`;

    // Streams -> the stream -> "Create secure playback token".
    await page.goto('/streams');
    await page
      .getByRole('table', { name: 'Streams' })
      .getByRole('link', { name: stream.name })
      .click();
    await page.getByRole('heading', { name: stream.name, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/streams/${stream.id}`);
    // The page header's button; the Playouts section offers one too.
    await page
      .getByRole('main')
      .getByRole('button', { name: 'Create secure playback token' })
      .first()
      .click();

    // The stream is preselected in the form.
    const formDialog = page.getByRole('dialog', {
      name: `Create a secure playback token for ${stream.name}`,
    });
    await formDialog.waitFor();
    const form = tokenForm(page);
    await form.getByRole('button', { name: stream.name, exact: true }).waitFor();
    expect(await form.getByRole('radio', { name: 'Stream(s)' }).isChecked()).toBe(true);
    await form.getByRole('textbox', { name: 'Tag' }).fill(tag);
    await form.getByRole('button', { name: 'Create secure playback token' }).click();

    const dialog = createdDialog(page);
    await dialog.waitFor();
    const { token } = await readShownToken(page);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await dialog.getByRole('definition').filter({ hasText: tag }).waitFor();

    // Closing needs explicit confirmation: Escape and "Close" ask first, and "Go back" keeps it.
    await page.keyboard.press('Escape');
    const confirm = page.getByRole('alertdialog', { name: 'Close without the token?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Go back to the token' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Close and discard' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await formDialog.waitFor({ state: 'hidden' });

    // Dialog closed: the token is in no storage, not in the URL, not in the history state.
    expectNoToken(await readPageStorage(page), token, 'stream overview storage');

    // The overview lists it with the tag and Active, and nothing of the token itself.
    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    await page.getByRole('heading', { name: 'Playback tokens', level: 1 }).waitFor();
    // What the overview reads (the ledger API) holds no token either.
    const ledger = await page.request.get('/api/tokens?pageSize=100');
    expect(ledger.status()).toBe(200);
    expectNoToken(await ledger.text(), token, 'the ledger list the overview reads');
    const row = tokenRow(page, tag);
    await row.waitFor();
    expect(await row.count()).toBe(1);
    await row.getByRole('cell', { name: 'Active', exact: true }).waitFor();
    await row.getByRole('cell', { name: stream.name, exact: true }).waitFor();
    await row.getByRole('cell', { name: tag, exact: true }).waitFor();
    expectNoToken(await readDom(page), token, 'the overview page DOM');

    // Its details (the ledger's record and claims) show no token either.
    await row
      .getByRole('button', { name: `Details of token for ${stream.name}, tag ${tag}` })
      .click();
    await page.getByRole('dialog', { name: 'Token details' }).getByText(tag).first().waitFor();
    expect(new URL(page.url()).searchParams.size).toBeGreaterThan(0);
    expectNoToken(await readDom(page), token, 'the overview page DOM');
    expectNoToken(page.url(), token, 'the overview URL');

    await expectNoTokenInStorageOrHistory(page, token);
    await context.close();
  });
});
