import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { signedInState } from '../src/session.ts';
import { mainNav } from '../src/ui.ts';

/** A fresh install on the embedded default: the example viewer page plays in one click. */

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await sharedBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('example viewer page on a fresh install', () => {
  it('should play from the local demo policy’s card with one click', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'example-viewer', { storageState });
    await page.goto('/streams');
    await mainNav(page).getByRole('link', { name: 'Playback Policies' }).click();
    const card = page
      .getByRole('list', { name: 'Playback policies' })
      .getByRole('listitem', { name: 'Local demo: the example viewer page on this dashboard' });
    await card.waitFor();

    const [viewer] = await Promise.all([
      context.waitForEvent('page'),
      card.getByRole('link', { name: /^Try it: the example viewer page for Local demo/ }).click(),
    ]);
    await viewer.locator('main[data-state="playing"]').waitFor();
    // Opened on 127.0.0.1 like the dashboard; a policy lists host names, so it plays on localhost.
    expect(new URL(viewer.url()).hostname).toBe('localhost');
    const player = viewer.frameLocator('#player').locator('html[data-verdict]');
    await player.waitFor({ state: 'attached' });
    expect(await player.getAttribute('data-verdict')).toBe('allowed');
  });
});
