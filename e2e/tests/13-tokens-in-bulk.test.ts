import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../src/a11y.ts';
import { ADMIN } from '../src/accounts.ts';
import { ARTIFACTS, newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import { chooseStream, csrfTokenOf, settle } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stamp = Date.now();
const users = [1, 2, 3].map((n) => `e2e-bulk-${stamp}-${n}`);
const shots = join(ARTIFACTS, 'tokens-in-bulk');

/** A download's lines (the browser runs as a server of its own: read through Playwright). */
const linesOf = async (download: Download) =>
  (await text(await download.createReadStream()))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');

/**
 * The preview at 1440 and 390 px wide, cut from the whole page (the app bar stays at its top);
 * on a phone nothing may be wider than the screen.
 */
async function shootPreview(page: Page, name: string) {
  const preview = page.getByRole('heading', { name: 'Preview', level: 2 }).locator('xpath=../..');
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 390 ? 900 : 844 });
    await settle(page);
    const box = await preview.boundingBox();
    const top = await page.evaluate(() => window.scrollY);
    if (!box) throw new Error('The preview is not on the page.');
    await page.screenshot({
      path: join(shots, `${name}-${width}.png`),
      fullPage: true,
      clip: { ...box, y: box.y + top },
    });
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('scenario 13: tokens in bulk', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads a list, shows its errors by row, leaves them out, mints the rest and hands the tokens out once', async () => {
    const { page } = await newPage(browser, baseUrl, 'tokens-in-bulk', {
      storageState: await signedInState(browser, ADMIN),
      // Only for axe-core, whose script the app's CSP would block.
      bypassCSP: true,
    });
    await page.goto('/tokens');
    await page.getByRole('link', { name: 'Create in bulk' }).click();
    await page.getByRole('heading', { name: 'Create tokens in bulk', level: 1 }).waitFor();

    // A semicolon list with a BOM, one bad client IP, one user id twice and a guest in the lab.
    const csv = `\uFEFFUser ID;Tag;Client IP\n${users[0]};press;203.0.113.7\n${users[1]};press;10.0.0\n${users[0]};vip;\n${users[2]};vip;192.168.1.20\n`;
    // The button opens the browser's file chooser (with the keyboard, too).
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Choose CSV file' }).press('Enter'),
    ]);
    await chooser.setFiles({
      name: 'press-list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByText('press-list.csv').waitFor();
    await chooseStream(
      page.getByRole('form', { name: 'Options for every token' }),
      STREAMS.jazzNight.name,
    );
    await page.getByRole('button', { name: 'Check rows' }).click();
    const problems = page.getByRole('list', { name: 'Problems by row' });
    await problems.waitFor();
    expect(await problems.getByRole('listitem').allTextContents()).toEqual([
      'Row 2, client IP: enter a single IPv4 address such as 203.0.113.7 (no range, no port).',
      `Row 3, user id: “${users[0]}” is also in row 1; give each viewer a token of their own.`,
    ]);
    expect(await page.getByRole('button', { name: 'Mint tokens' }).isDisabled()).toBe(true);
    const violations = await axeViolations(page);
    expect(violations, describeViolations('bulk preview', violations)).toEqual([]);

    // The two rows to fix, as a file to fix them in: numbered as the list was, with their problems.
    const [toFix] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the 2 rows that need fixing' }).click(),
    ]);
    expect(toFix.suggestedFilename()).toMatch(/^tokens-rows-to-fix-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv$/);
    expect(await linesOf(toFix)).toEqual([
      'row,user id,tag,client IP,domain,expiry,not before,problems',
      `2,${users[1]},press,10.0.0,,,,"client IP: enter a single IPv4 address such as 203.0.113.7 (no range, no port)."`,
      `3,${users[0]},vip,,,,,user id: “${users[0]}” is also in row 1; give each viewer a token of their own.`,
    ]);
    await shootPreview(page, 'rows-to-fix');

    // Left out, the two other guests are checked again at once; the one in the lab is minted
    // only once confirmed.
    await page.getByRole('button', { name: 'Leave out these 2 rows' }).click();
    await page.getByText(/^2 rows that need fixing were left out of the list/).waitFor();
    const heading = page.getByRole('heading', { name: 'Preview', level: 2 });
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await problems.count()).toBe(0);
    const question = page.getByRole('group', {
      name: '1 of 2 rows have a client IP that is not a viewer’s public address',
    });
    expect(await question.getByRole('listitem').allTextContents()).toEqual([
      'Row 2: 192.168.1.20 is a private address (192.168.0.0/16).',
    ]);
    await shootPreview(page, 'left-out');
    await page.getByRole('button', { name: 'Mint 2 tokens' }).click();
    const confirm = question.getByRole('checkbox', {
      name: /^Mint these rows with these addresses/,
    });
    await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await question.getByText(/confirm that you mean these addresses/).waitFor();
    const asking = await axeViolations(page);
    expect(asking, describeViolations('bulk preview asking to confirm', asking)).toEqual([]);
    await confirm.check();
    await page.getByRole('button', { name: 'Mint 2 tokens' }).click();

    await page.getByRole('progressbar', { name: 'Minting progress' }).waitFor();
    const batchId = new URL(page.url()).pathname.split('/').at(-1) as string;
    // Survives a reload: the batch lives on the server.
    await page.reload();
    const downloadButton = page.getByRole('button', { name: 'Download tokens (CSV)' });
    await downloadButton.waitFor({ timeout: 20_000 });
    await page.getByText('2 of 2 minted').waitFor();
    const onBatch = await axeViolations(page);
    expect(onBatch, describeViolations('batch page', onBatch)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    // Named after the batch's target and when it was created, as every export is.
    expect(download.suggestedFilename()).toMatch(
      /^tokens-batch-[a-z0-9-]+-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv$/,
    );
    const lines = await linesOf(download);
    expect(lines[0]).toBe('user id,tag,token,web playout URL,expires at (UTC)');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      `${users[0]},press`,
      `${users[2]},vip`,
    ]);
    const token = lines[1]!.split(',')[2]!;
    expect(token).toMatch(/^eyJ/);
    await page.getByText(/The tokens were downloaded/).waitFor();
    expect(await downloadButton.count()).toBe(0);
    expect(await page.content()).not.toContain(token);

    const headers = { 'x-csrf-token': await csrfTokenOf(page) };
    const inspected = await page.request.post('/api/tokens/inspect', { headers, data: { token } });
    expect(((await inspected.json()) as { verdict: { valid: boolean } }).verdict.valid).toBe(true);
    const again = await page.request.post(`/api/token-batches/${batchId}/results`, { headers });
    expect(again.status()).toBe(410);

    // The overview's Batch filter lists exactly this batch's tokens.
    await page.getByRole('link', { name: 'Show this batch in Playback tokens' }).click();
    const table = page.getByRole('table', { name: 'Playback tokens' });
    await table.getByRole('row').filter({ hasText: users[2]! }).waitFor();
    expect(await table.getByRole('row').count()).toBe(3);
  });
});
