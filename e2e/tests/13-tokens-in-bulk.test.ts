import { text } from 'node:stream/consumers';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../src/a11y.ts';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import { chooseStream, csrfTokenOf } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stamp = Date.now();
const users = [1, 2, 3].map((n) => `e2e-bulk-${stamp}-${n}`);

describe('scenario 13: tokens in bulk', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads a list, shows its errors by row, mints it and hands the tokens out once', async () => {
    const { page } = await newPage(browser, baseUrl, 'tokens-in-bulk', {
      storageState: await signedInState(browser, ADMIN),
      // Only for axe-core, whose script the app's CSP would block.
      bypassCSP: true,
    });
    await page.goto('/tokens');
    await page.getByRole('link', { name: 'Create in bulk' }).click();
    await page.getByRole('heading', { name: 'Create tokens in bulk', level: 1 }).waitFor();

    // A semicolon list with a BOM, one bad client IP and one user id twice.
    const csv = `\uFEFFUser ID;Tag;Client IP\n${users[0]};press;203.0.113.7\n${users[1]};press;10.0.0\n${users[0]};vip;\n`;
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

    // Fixed, with one guest in the lab: a private client IP is minted only once confirmed.
    const fixed = `user id,tag,client IP\n${users[0]},press,203.0.113.7\n${users[1]},press,\n${users[2]},vip,192.168.1.20\n`;
    await page.getByRole('textbox', { name: 'Or paste the rows' }).fill(fixed);
    await page.getByRole('button', { name: 'Check rows' }).click();
    const question = page.getByRole('group', {
      name: '1 of 3 rows have a client IP that is not a viewer’s public address',
    });
    await question.waitFor();
    expect(await question.getByRole('listitem').allTextContents()).toEqual([
      'Row 3: 192.168.1.20 is a private address (192.168.0.0/16).',
    ]);
    await page.getByRole('button', { name: 'Mint 3 tokens' }).click();
    const confirm = question.getByRole('checkbox', {
      name: /^Mint these rows with these addresses/,
    });
    await expect.poll(() => confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await question.getByText(/confirm that you mean these addresses/).waitFor();
    const asking = await axeViolations(page);
    expect(asking, describeViolations('bulk preview asking to confirm', asking)).toEqual([]);
    await confirm.check();
    await page.getByRole('button', { name: 'Mint 3 tokens' }).click();

    await page.getByRole('progressbar', { name: 'Minting progress' }).waitFor();
    const batchId = new URL(page.url()).pathname.split('/').at(-1) as string;
    // Survives a reload: the batch lives on the server.
    await page.reload();
    const downloadButton = page.getByRole('button', { name: 'Download tokens (CSV)' });
    await downloadButton.waitFor({ timeout: 20_000 });
    await page.getByText('3 of 3 minted').waitFor();
    const onBatch = await axeViolations(page);
    expect(onBatch, describeViolations('batch page', onBatch)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
    // Named after the batch's target and when it was created, as every export is.
    expect(download.suggestedFilename()).toMatch(
      /^tokens-batch-[a-z0-9-]+-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv$/,
    );
    // The browser runs as a server of its own: read the file through Playwright.
    const file = await text(await download.createReadStream());
    const lines = file.trim().split('\r\n');
    expect(lines[0]).toBe('user id,tag,token,web playout URL,expires at (UTC)');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      `${users[0]},press`,
      `${users[1]},press`,
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
    expect(await table.getByRole('row').count()).toBe(4);
  });
});
