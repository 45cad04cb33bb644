import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@ptd/node-testing';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser, type PageOptions } from '../src/browser.ts';
import { freshDataDir, startBff, type Running } from '../src/processes.ts';
import { signedInState } from '../src/session.ts';
import { csrfTokenOf, mainNav, tokenRow, tokensTable } from '../src/ui.ts';

const UNREACHABLE = 'The dashboard server cannot be reached. Check your connection and try again.';
const BACK = 'Connected to the dashboard server again.';

/**
 * A dashboard of this file's own, so that it can be stopped and started again on the same data
 * (its sessions survive a restart) while a page stays open.
 */
describe('scenario 15: the connection goes while a page is open', () => {
  let browser: Browser;
  let app: Running | undefined;
  let env: Record<string, string>;
  let port: number;
  const start = async () => {
    app = await startBff(env, port);
  };

  beforeAll(async () => {
    port = await freePort();
    env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: freshDataDir(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    };
    await start();
    browser = await sharedBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /**
   * A page of the admin's, signed in once for the whole file (what the tests are about comes
   * after signing in), not opened yet.
   */
  async function signedInPage(name: string, options: PageOptions = {}) {
    const url = app?.url ?? '';
    return newPage(browser, url, name, {
      ...options,
      storageState: await signedInState(browser, ADMIN, url),
    });
  }

  /** Where signing in leads: the event overview. */
  async function openHome(page: Page) {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Event overview', level: 1 }).waitFor();
  }

  /** Playback tokens with two tokens, tagged `<stamp>-a` and `<stamp>-b`. */
  async function tokensPage(page: Page, stamp: string) {
    const headers = { 'x-csrf-token': await csrfTokenOf(page) };
    for (const tag of [`${stamp}-a`, `${stamp}-b`]) {
      const created = await page.request.post('/api/tokens', {
        headers,
        data: { target: { type: 'organisation' }, tag },
      });
      expect(created.status()).toBe(201);
    }
    await page.goto('/tokens');
    await tokenRow(page, `${stamp}-b`).waitFor();
  }

  it('should say at once that a filter cannot be loaded offline, and load it when the browser is back online', async () => {
    const { context, page } = await signedInPage('connection-offline');
    const stamp = `offline-${Date.now()}`;
    await tokensPage(page, stamp);

    await context.setOffline(true);
    await page.getByRole('textbox', { name: 'Tag' }).fill(`${stamp}-a`);
    // Not the old rows under the new filter, waiting without a word.
    await page.getByText(UNREACHABLE).waitFor({ timeout: 5000 });
    await page.getByText('The tokens could not be loaded.').waitFor();
    expect(await tokensTable(page).count()).toBe(0);

    await context.setOffline(false);
    await page.getByText(BACK).waitFor({ timeout: 5000 });
    await tokenRow(page, `${stamp}-a`).waitFor();
    expect(await tokensTable(page).getByRole('row').count()).toBe(2);
    expect(await page.getByText(UNREACHABLE).count()).toBe(0);
    await context.close();
  });

  it('should say in the account menu that it cannot be loaded offline, keep the page, and open it once back online', async () => {
    const { context, page } = await signedInPage('connection-account-menu');
    // Offline before the menu's code was fetched (its idle preload included).
    const menuCode = /\/assets\/account-menu-list-[^/]*\.js$/;
    await context.route(menuCode, (route) => route.abort('internetdisconnected'));
    await page.goto('/streams');
    const search = page.getByRole('searchbox', { name: 'Search by name' });
    await search.fill('Cup');
    await context.setOffline(true);

    await page.getByRole('button', { name: /^Account:/ }).click();
    const note = page
      .getByRole('alert')
      .filter({ hasText: 'The account menu could not be loaded' });
    await note.getByText('the browser is offline').waitFor({ timeout: 5000 });
    // The page is as it was: no error view in its place.
    expect(await page.getByRole('heading', { level: 1, name: 'Streams' }).isVisible()).toBe(true);
    expect(await search.inputValue()).toBe('Cup');
    expect(await page.getByText('No connection').count()).toBe(0);

    // Try again fetches again: still offline, still said.
    await note.getByRole('button', { name: 'Try again' }).click();
    await note.getByText('the browser is offline').waitFor({ timeout: 5000 });

    // Back online, the menu opens by itself.
    await context.unroute(menuCode);
    await context.setOffline(false);
    await page.getByRole('menuitem', { name: 'Your sessions' }).waitFor({ timeout: 5000 });
    expect(await note.count()).toBe(0);
    // (The open menu hides the page from the accessibility tree: found by its field.)
    expect(await page.locator('input[type="search"]').inputValue()).toBe('Cup');
    await context.close();
  });

  it('should catch up by itself once the dashboard server is back after a restart', async () => {
    const { context, page } = await signedInPage('connection-restart');
    const stamp = `restart-${Date.now()}`;
    await tokensPage(page, stamp);

    await app?.stop();
    await page.getByRole('textbox', { name: 'Tag' }).fill(`${stamp}-b`);
    await page.getByText(UNREACHABLE).waitFor({ timeout: 10_000 });
    await start();

    // No click: the page asks again every few seconds and loads what failed.
    await page.getByText(BACK).waitFor({ timeout: 10_000 });
    await tokenRow(page, `${stamp}-b`).waitFor();
    expect(await tokensTable(page).getByRole('row').count()).toBe(2);
    expect(await page.getByText(UNREACHABLE).count()).toBe(0);
    await context.close();
  }, 240_000);

  it('should keep the end of the page on a phone clear of its messages and its paging on the screen', async () => {
    const { context, page } = await signedInPage('connection-phone', {
      viewport: { width: 390, height: 844 },
    });
    const stamp = `phone-${Date.now()}`;
    const headers = { 'x-csrf-token': await csrfTokenOf(page) };
    // One more than a page: the list ends with its paging.
    const created = await Promise.all(
      Array.from({ length: 26 }, (_, i) =>
        page.request.post('/api/tokens', {
          headers,
          data: { target: { type: 'organisation' }, tag: `${stamp}-${i}` },
        }),
      ),
    );
    expect(created.map((response) => response.status())).toEqual(Array(26).fill(201));
    await page.goto(`/tokens?tag=${stamp}`);
    const paging = page.getByRole('button', { name: 'Go to next page' });
    await paging.waitFor();

    await context.setOffline(true);
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option').last().click();
    await page.getByText(UNREACHABLE).waitFor({ timeout: 5000 });
    // The list's error keeps its "Try again" on one line, beside what could not be loaded.
    const retry = page.getByRole('button', { name: 'Try again' });
    await retry.waitFor();
    const lines = await retry.evaluate((button) => {
      const text = document.createRange();
      text.selectNodeContents(button);
      return text.getClientRects().length;
    });
    expect(lines).toBe(1);
    await context.setOffline(false);
    const back = page.getByRole('status').filter({ hasText: BACK });
    await back.waitFor({ timeout: 5000 });
    await paging.waitFor();

    // Scrolled to the end, the paging is above the message, not under it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const pagingBox = await paging.boundingBox();
    const messageBox = await back.boundingBox();
    expect(pagingBox && messageBox && pagingBox.y + pagingBox.height).toBeLessThanOrEqual(
      messageBox?.y ?? 0,
    );
    // Nor is it off the screen's edge.
    expect((pagingBox?.x ?? 0) + (pagingBox?.width ?? Infinity)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('should load a page whose code could not be fetched offline once the browser is back online', async () => {
    const { context, page } = await signedInPage('connection-page-code');
    await openHome(page);

    // The Audit log was never opened in this tab: its code is fetched only now, offline.
    await context.setOffline(true);
    await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
    await page.getByText('No connection').waitFor({ timeout: 10_000 });
    await page
      .getByText('This page could not be loaded: the browser is offline. It loads by itself')
      .waitFor();

    // No click: the page is there once the connection is.
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor({ timeout: 10_000 });
    expect(await page.getByText('No connection').count()).toBe(0);

    // A page that fails the same way and is opened again later, online, loads too (it no
    // longer claims the dashboard was updated).
    await context.setOffline(true);
    await mainNav(page).getByRole('link', { name: 'Staff' }).click();
    await page.getByText('No connection').waitFor({ timeout: 10_000 });
    await mainNav(page).getByRole('link', { name: 'Event overview' }).click();
    await page.getByRole('heading', { name: 'Event overview', level: 1 }).waitFor();
    await context.setOffline(false);
    await mainNav(page).getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor({ timeout: 10_000 });
    expect(await page.getByText('The dashboard was updated').count()).toBe(0);
    await context.close();
  });
  it("should say that the server cannot be reached when a page's code is not fetched while it is stopped, and load it once it is back", async () => {
    const { context, page } = await signedInPage('connection-page-code-stopped');
    await page.goto('/tokens');
    await page.getByRole('heading', { name: 'Playback tokens', level: 1 }).waitFor();

    // A filter asked of a stopped server: the snackbar says it cannot be reached. The Audit log
    // was never opened in this tab: its code is asked of the stopped server too.
    await app?.stop();
    await page.getByRole('textbox', { name: 'Tag' }).fill('stopped');
    await page.getByText(UNREACHABLE).waitFor({ timeout: 10_000 });
    await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
    await page.getByText('The dashboard server cannot be reached', { exact: true }).waitFor({
      timeout: 10_000,
    });
    expect(await page.getByText('The dashboard was updated').count()).toBe(0);

    // No click: the page is there once the server is.
    await start();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor({ timeout: 10_000 });
    expect(
      await page.getByText('The dashboard server cannot be reached', { exact: true }).count(),
    ).toBe(0);
    // Nor does the snackbar still say so until its own next question, seconds later.
    await page.getByRole('status').filter({ hasText: BACK }).waitFor({ timeout: 1_000 });
    expect(await page.getByText(UNREACHABLE).count()).toBe(0);
    await context.close();
  }, 240_000);
});
