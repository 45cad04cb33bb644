import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { signedInState } from '../src/session.ts';
import { appUrl } from '../src/app-url.ts';

/** A fresh install on the embedded default: the example viewer page plays in one click. */

const baseUrl = appUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await sharedBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the example viewer page from the local demo policy's card; the page it opened. */
async function openExampleViewer(page: Page, context: BrowserContext) {
  const card = page
    .getByRole('list', { name: 'Playback policies' })
    .getByRole('listitem', { name: 'Local demo: the example viewer page on this dashboard' });
  await card.waitFor();
  const [viewer] = await Promise.all([
    context.waitForEvent('page'),
    card.getByRole('link', { name: /^Try it: the example viewer page for Local demo/ }).click(),
  ]);
  return viewer;
}

describe('example viewer page on a fresh install', () => {
  it('should play from the local demo policy’s card with one click', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'example-viewer', { storageState });
    await page.goto('/policies');
    const viewer = await openExampleViewer(page, context);
    await viewer.locator('main[data-state="playing"]').waitFor();
    // Opened on 127.0.0.1 like the dashboard; a policy lists host names, so it plays on localhost.
    expect(new URL(viewer.url()).hostname).toBe('localhost');
    const player = viewer.frameLocator('#player').locator('html[data-verdict]');
    await player.waitFor({ state: 'attached' });
    expect(await player.getAttribute('data-verdict')).toBe('allowed');
  });

  it('should wait and try again when the token endpoint is busy, then play', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'example-viewer-busy', {
      storageState,
    });
    // The first answer is the endpoint's busy one (a policy over its budget, say); the next
    // requests go to the dashboard as they are.
    const answers: number[] = [];
    await context.route('**/playback-token', async (route) => {
      if (answers.length === 0) {
        answers.push(429);
        await route.fulfill({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: JSON.stringify({
            code: 'rate-limited',
            message: 'This stream is asked for too many playback tokens right now.',
          }),
        });
        return;
      }
      answers.push(0);
      await route.fallback();
    });
    await page.goto('/policies');
    const viewer = await openExampleViewer(page, context);
    await viewer.locator('main[data-state="waiting"]').waitFor();
    expect(await viewer.locator('#status').textContent()).toMatch(
      /^This stream is asked for too many playback tokens right now\. Trying again in [12] s \(try 2 of 6\)…$/,
    );
    expect(await viewer.locator('#problem').isHidden()).toBe(true);
    await viewer.locator('main[data-state="playing"]').waitFor();
    expect(answers).toEqual([429, 0]);
    const player = viewer.frameLocator('#player').locator('html[data-verdict]');
    await player.waitFor({ state: 'attached' });
    expect(await player.getAttribute('data-verdict')).toBe('allowed');
  });
});
