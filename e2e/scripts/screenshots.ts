/**
 * Screenshots of the main pages for README: `pnpm --filter @ptd/e2e screenshots`.
 *
 * Starts the app like the browser tests do (`pnpm start`, embedded emulator, fresh data), creates
 * a few tokens so that the pages have something to show, and saves PNGs to docs/screenshots/
 * (1440x900; the create page, "Your sessions", a staff member's sessions and the password and
 * two-factor pages also at 390x844).
 * E2E_BASE_URL uses an app that is already running instead (it must know the e2e admin, see
 * src/accounts.ts).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN } from '../src/accounts.ts';
import { startApp } from '../src/app-process.ts';
import { launchBrowser } from '../src/chromium.ts';
import type { Running } from '../src/processes.ts';
import { shootCredentials } from './credential-screenshots.ts';
import { shootSessions } from './session-screenshots.ts';
import { STREAMS } from '../src/seed.ts';
import {
  chooseStream,
  closeCreatedDialog,
  createdDialog,
  openCreatePage,
  readShownToken,
  settle,
  tokenForm,
} from '../src/ui.ts';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
const DESKTOP = { width: 1440, height: 900 };
const MOBILE = { width: 390, height: 844 };

async function shoot(page: Page, name: string) {
  await settle(page);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  console.info(`saved ${path}`);
}

/** More ledger rows, through the BFF's API: a revoked one, a group token, an org-wide one. */
async function seedTokens(page: Page) {
  const session = await page.request.get('/api/session');
  const headers = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const create = async (data: object) => {
    const response = await page.request.post('/api/tokens', { headers, data });
    if (response.status() !== 201) throw new Error(`create: ${await response.text()}`);
    return ((await response.json()) as { record: { id: string } }).record.id;
  };
  const revoked = await create({
    target: { type: 'streams', streams: [STREAMS.pressRoom.name] },
    revocable: true,
    tag: 'press preview',
    user: 'journalist-7',
  });
  await page.request.post(`/api/tokens/${revoked}/revoke`, { headers });
  await create({
    target: { type: 'group', groupId: STREAMS.concert.id },
    revocable: true,
    tag: 'vip lounge',
    domain: 'www.example.com',
  });
  await create({ target: { type: 'organisation' }, tag: 'staff monitoring', ip: '203.0.113.7' });
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  let app: Running | undefined;
  const baseUrl = process.env.E2E_BASE_URL ?? (app = await startApp()).url;
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: DESKTOP,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();

    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shoot(page, 'sign-in');
    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in opens the event overview; the streams page is one link away.
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto('/streams');
    await page.getByRole('table', { name: 'Streams' }).getByRole('link').first().waitFor();
    await shoot(page, 'streams');

    await page.goto(`/streams/${STREAMS.concert.id}`);
    await page.getByRole('region', { name: 'Playouts' }).waitFor();
    await shoot(page, 'stream-overview');

    const form = await openCreatePage(page);
    await chooseStream(form, STREAMS.cupFinal.name);
    await form.getByRole('textbox', { name: 'User ID' }).fill('viewer-42');
    await form.getByRole('textbox', { name: 'Tag' }).fill('cup final');
    // The top of the form, with nothing focused (typing scrolled the page down).
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    await shoot(page, 'create-token');
    await form.getByRole('button', { name: 'Create secure playback token' }).click();
    await createdDialog(page).waitFor();
    const { token } = await readShownToken(page);
    await shoot(page, 'token-dialog');
    await closeCreatedDialog(page);

    await seedTokens(page);
    await page.goto('/tokens');
    await page.getByRole('table', { name: 'Playback tokens' }).getByRole('row').nth(4).waitFor();
    await shoot(page, 'tokens-overview');

    await page.goto('/inspector');
    await page.getByRole('textbox', { name: 'Token' }).fill(token);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await page
      .getByRole('region', { name: 'Inspection result' })
      .getByText('Valid token')
      .waitFor();
    await shoot(page, 'inspector');

    const phone = await browser.newContext({
      baseURL: baseUrl,
      viewport: MOBILE,
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      storageState: await context.storageState(),
    });
    const mobile = await phone.newPage();
    await mobile.goto('/tokens/new');
    await tokenForm(mobile).getByRole('combobox', { name: 'Streams' }).waitFor();
    await shoot(mobile, 'create-token-mobile');

    await shootSessions(browser, page, phone, baseUrl, shoot);
    await shootCredentials(browser, context, baseUrl, shoot);
  } finally {
    await browser.close();
    await app?.stop();
  }
}

await main();
