import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import {
  closeCreatedDialog,
  createdDialog,
  decodeClaims,
  fillTokenForm,
  openCreatePage,
  readShownToken,
  tokenForm,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stream = STREAMS.arenaPrep;

/**
 * What the page last put on the clipboard. Read where it is written: the dashboard's
 * Permissions-Policy turns clipboard-read off for its own pages.
 */
async function watchClipboard(context: BrowserContext) {
  await context.addInitScript(() => {
    const clipboard = navigator.clipboard;
    const write = clipboard.writeText.bind(clipboard);
    clipboard.writeText = (text: string) => {
      (window as unknown as { lastCopied: string }).lastCopied = text;
      return write(text);
    };
  });
}
const clipboard = (page: Page) =>
  page.evaluate(() => (window as unknown as { lastCopied?: string }).lastCopied);
const playoutUrl = (page: Page) =>
  page.getByRole('region', { name: 'Playouts' }).getByRole('region', { name: 'Web playout URL' });

async function openStream(page: Page) {
  await page.goto(`/streams/${stream.id}`);
  await page.getByRole('heading', { name: stream.name, level: 1 }).waitFor();
}

/** "Create secure playback token" in the Playouts section, then create with the defaults. */
async function createFromPlayouts(page: Page, tag: string) {
  await page
    .getByRole('region', { name: 'Playouts' })
    .getByRole('button', { name: 'Create secure playback token' })
    .click();
  const form = tokenForm(page);
  await form.getByRole('button', { name: stream.name, exact: true }).waitFor();
  await form.getByRole('textbox', { name: 'Tag' }).fill(tag);
  await form.getByRole('button', { name: 'Create secure playback token' }).click();
  await createdDialog(page).waitFor();
  return (await readShownToken(page)).token;
}

describe('scenario 10: the show-once dialog and the client IP', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('counts a copy as "I have copied the token" and offers the bare security object', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'show-once-copy', { storageState });
    await watchClipboard(context);
    await openStream(page);
    const token = await createFromPlayouts(page, `e2e-copy-${Date.now()}`);
    const dialog = createdDialog(page);

    await dialog.getByRole('button', { name: 'Copy player security object' }).click();
    expect(await clipboard(page)).toBe(`security: { jwtoken: "${token}" }`);
    // The box is ticked once the clipboard write resolves: a render later than the write.
    const copied = dialog.getByRole('checkbox', { name: 'I have copied the token' });
    await expect.poll(() => copied.isChecked()).toBe(true);
    // Closing asks nothing more, and the token stays applied to this page.
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(await playoutUrl(page).textContent()).toContain(token);
    await context.close();
  });

  it('drops a token closed with "Close and discard" from the stream’s playout URL', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'show-once-discard', {
      storageState,
    });
    await openStream(page);
    const token = await createFromPlayouts(page, `e2e-discard-${Date.now()}`);
    const dialog = createdDialog(page);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Close without the token?' });
    await confirm.getByRole('button', { name: 'Close and discard' }).click();
    await dialog.waitFor({ state: 'hidden' });

    expect(await playoutUrl(page).textContent()).not.toContain('jwtoken');
    expect(await page.content()).not.toContain(token);
    await context.close();
  });

  it('asks to confirm a private client IP and explains an IPv6 one', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'client-ip', { storageState });
    const form = await openCreatePage(page);
    await fillTokenForm(form, { streams: [stream.name], tag: `e2e-private-ip-${Date.now()}` });
    const ip = form.getByRole('textbox', { name: 'Client IP' });

    await ip.fill('2001:db8::7');
    const advice = form.getByRole('note', { name: 'IPv6 viewers' });
    await advice.waitFor();
    expect(await advice.getByRole('link', { name: 'api.ipify.org' }).getAttribute('href')).toBe(
      'https://api.ipify.org',
    );

    await ip.fill('192.168.1.20');
    expect(await advice.count()).toBe(0);
    await form.getByText(/192\.168\.1\.20 is a private address/).waitFor();
    await form.getByRole('button', { name: 'Create secure playback token' }).click();
    await form.getByText(/confirm that you mean this address/).waitFor();
    expect(await createdDialog(page).count()).toBe(0);

    await form.getByRole('checkbox', { name: /^Use this address anyway/ }).check();
    await form.getByRole('button', { name: 'Create secure playback token' }).click();
    await createdDialog(page).waitFor();
    expect(decodeClaims((await readShownToken(page)).token).ip).toBe('192.168.1.20');
    await closeCreatedDialog(page);
    await context.close();
  });
});
