import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import { staffApi } from '../src/staff-api.ts';
import { settle, tokenRow } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

/**
 * What a person sees of a token in Playback tokens: the details panel's title and close button
 * on a phone and a desktop, and, in the table, a group by its streams' names, long ids shortened
 * and the row's actions in view.
 */

const baseUrl = appUrl();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const LAPTOP = { width: 1280, height: 800 };
const USER_ID = '7f3c2a9e5b1d4c8fa6e0b2d9c4f1a8e3';

/** Whether a person can see and hit it: inside the window and not covered by anything. */
async function reachable(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) return { inView: false, onTop: false };
  return locator.evaluate((element, { x, y, width, height }) => {
    const inView = x >= 0 && y >= 0 && x + width <= innerWidth && y + height <= innerHeight;
    const hit = document.elementFromPoint(x + width / 2, y + height / 2);
    return { inView, onTop: hit !== null && element.contains(hit) };
  }, box);
}

let browser: Browser;
let storageState: string;
const tag = `e2e-wide-${Date.now()}`;

beforeAll(async () => {
  browser = await sharedBrowser();
  storageState = await signedInState(browser, ADMIN);
  // A revocable token for the concert's ABR group, with a 32-character user id.
  const context = await browser.newContext({ baseURL: baseUrl, storageState });
  await (
    await staffApi(context)
  ).post('/tokens', {
    target: { type: 'group', groupId: STREAMS.concert.id },
    revocable: true,
    user: USER_ID,
    tag,
  });
  await context.close();
});
afterAll(async () => {
  await browser?.close();
});

async function openTokens(page: Page) {
  await page.goto(`/tokens?tag=${tag}`);
  return page.getByText(tag).first().waitFor();
}

describe('token details panel', () => {
  for (const [name, viewport] of Object.entries({ phone: PHONE, desktop: DESKTOP })) {
    it(`should show its title and close button, and close with a tap on X (${name})`, async () => {
      const { page } = await newPage(browser, baseUrl, `details-${name}`, {
        storageState,
        viewport,
      });
      await openTokens(page);
      await page.getByRole('button', { name: /^Details of token for stream group/ }).click();
      const panel = page.getByRole('dialog', { name: 'Token details' });
      await panel.waitFor();
      await settle(page);

      expect(await reachable(panel.getByRole('heading', { name: 'Token details' }))).toEqual({
        inView: true,
        onTop: true,
      });
      const close = panel.getByRole('button', { name: 'Close details' });
      expect(await reachable(close)).toEqual({ inView: true, onTop: true });
      await close.click();
      await panel.waitFor({ state: 'hidden' });
      expect(await page.getByRole('menu').count()).toBe(0);
    });
  }
});

describe('playback tokens table', () => {
  for (const [name, viewport] of Object.entries({ desktop: DESKTOP, laptop: LAPTOP })) {
    it(`should name the group by its streams, shorten the user id and keep Details and Revoke in view (${name})`, async () => {
      const { page } = await newPage(browser, baseUrl, `targets-${name}`, {
        storageState,
        viewport,
      });
      await openTokens(page);
      const row = tokenRow(page, tag);
      await row.getByText(STREAMS.concert.name, { exact: true }).waitFor();
      await expect(row.textContent()).resolves.toContain('Stream group · 3 more streams');
      await expect(row.textContent()).resolves.toContain('7f3c2a…a8e3');

      for (const action of ['Details of', 'Revoke']) {
        const button = row.getByRole('button', { name: new RegExp(`^${action} token for`) });
        expect(await reachable(button), action).toEqual({ inView: true, onTop: true });
      }
      // Names move to the next line whole, never split inside ("DmEvt-Cnc / rt").
      const nameLines = await row
        .getByText(STREAMS.concert.name, { exact: true })
        .evaluate((element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          return new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size;
        });
      expect(nameLines).toBe(1);
      // The whole user id on hover.
      await row.getByText('7f3c2a…a8e3').hover();
      await expect(page.getByRole('tooltip').textContent()).resolves.toBe(USER_ID);
    });
  }
});
