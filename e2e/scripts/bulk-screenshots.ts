/**
 * Screenshots of "Create in bulk" (a preview with errors, the same list with those rows left out,
 * minting in progress) at 1440x900 and 390x844:
 * `E2E_BASE_URL=http://127.0.0.1:3000 pnpm exec tsx scripts/bulk-screenshots.ts`
 * against an app started with a slow BULK_MINT_RATE_PER_SECOND (e.g. 3), so that minting is
 * still in progress when the page is shot. PNGs go to docs/screenshots/.
 */
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ADMIN } from '../src/accounts.ts';
import { launchBrowser } from '../src/chromium.ts';
import { STREAMS } from '../src/seed.ts';
import { settle } from '../src/ui.ts';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
const SIZES = { '': { width: 1440, height: 900 }, '-mobile': { width: 390, height: 844 } };

const CSV = [
  'user id,tag,client IP,domain',
  'press-ada,press,203.0.113.7,www.example.com',
  'press-bob,press,203.0.113.8,www.example.com',
  'press-cy,press,10.0.0,www.example.com',
  'press-dee,press,203.0.113.10,https://',
  'press-bob,press,203.0.113.11,www.example.com',
  'press-eve,vip,203.0.113.12,www.example.com',
].join('\n');

async function pageFor(
  browser: Browser,
  baseUrl: string,
  viewport: { width: number; height: number },
) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const response = await context.request.post('/api/session', { data: ADMIN });
  if (response.status() !== 200) throw new Error(`sign-in: ${await response.text()}`);
  return context.newPage();
}

async function chooseStream(page: Page) {
  await page.getByRole('combobox', { name: 'Streams' }).fill(STREAMS.cupFinal.name);
  await page.getByRole('listbox').getByRole('option').first().click();
}

async function shoot(page: Page, name: string, fullPage = false) {
  await settle(page);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage });
  console.info(`saved ${path}`);
}

async function main() {
  const baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) throw new Error('Set E2E_BASE_URL to a running app (see the comment above).');
  const browser = await launchBrowser();
  try {
    for (const [suffix, viewport] of Object.entries(SIZES)) {
      const page = await pageFor(browser, baseUrl, viewport);
      await page.goto('/tokens/bulk');
      await page.getByRole('heading', { name: 'Create tokens in bulk', level: 1 }).waitFor();
      await page.getByRole('textbox', { name: 'Or paste the rows' }).fill(CSV);
      await chooseStream(page);
      await page.getByRole('button', { name: 'Check rows' }).click();
      await page.getByRole('list', { name: 'Problems by row' }).waitFor();
      await shoot(page, `bulk-preview-errors${suffix}`);
      await page.getByRole('button', { name: 'Leave out these 3 rows' }).click();
      await page.getByText(/^3 rows that need fixing were left out/).waitFor();
      await shoot(page, `bulk-preview-left-out${suffix}`);

      await page.getByRole('tab', { name: 'Numbered user ids' }).click();
      await page.getByRole('spinbutton', { name: 'Number of tokens' }).fill('120');
      await page.getByRole('button', { name: 'Check rows' }).click();
      await page.getByRole('button', { name: 'Mint 120 tokens' }).click();
      await page.getByRole('heading', { name: 'Minting tokens…', level: 1 }).waitFor();
      await page.waitForFunction(() =>
        /[1-9]\d* of 120 minted/.test(document.body.textContent ?? ''),
      );
      await shoot(page, `bulk-minting${suffix}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
