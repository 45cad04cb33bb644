import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { inject, onTestFailed } from 'vitest';
import { connectBrowser } from './chromium.ts';

/**
 * The run's shared Chromium (launched by global-setup). Closing the returned Browser only
 * disconnects this file from it.
 */
export function sharedBrowser(): Promise<Browser> {
  return connectBrowser(inject('browserWsEndpoint'));
}

export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** A saved signed-in state (see `signedInState`); without it the page is signed out. */
  storageState?: string;
  /** Only for axe-core, whose script the app's CSP (script-src 'self') would block. */
  bypassCSP?: boolean;
  timezoneId?: BrowserContextOptions['timezoneId'];
  /** The browser's language (navigator.languages, Accept-Language). */
  locale?: BrowserContextOptions['locale'];
  /** `prefers-reduced-motion`; 'reduce' unless said otherwise (see `newPage`). */
  reducedMotion?: BrowserContextOptions['reducedMotion'];
}

/**
 * A fresh context per test, with clipboard access and a screenshot of every page of the
 * context saved if the test fails. Call it inside a test (it registers the failure hook).
 */
export async function newPage(
  browser: Browser,
  baseUrl: string,
  name: string,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    storageState: options.storageState,
    bypassCSP: options.bypassCSP,
    timezoneId: options.timezoneId,
    locale: options.locale,
    // As someone who asked for less motion: the dashboard then paints no animation frames
    // (its spinners stand still), which spares the shared machine's cores.
    reducedMotion: options.reducedMotion ?? 'reduce',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  // The dashboard's Permissions-Policy switches clipboard reads off (it only ever writes), so a
  // test cannot read back what a copy button wrote: keep each write where `copiedText` finds it.
  await context.addInitScript(() => {
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) return;
    const write = clipboard.writeText.bind(clipboard);
    clipboard.writeText = async (text: string) => {
      await write(text);
      (window as unknown as { __copiedText?: string }).__copiedText = text;
    };
  });
  const page = await context.newPage();
  screenshotOnFailure(context, name);
  return { context, page };
}

/**
 * Saves a full-page screenshot of every page of `context` into e2e/artifacts if the current
 * test fails. `newPage` does this for its own test; call it in later tests sharing a context.
 */
export function screenshotOnFailure(context: BrowserContext, name: string) {
  onTestFailed(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const base = name.replace(/[^a-z0-9-]+/gi, '_');
    await Promise.all(
      context
        .pages()
        .map((page, i) =>
          page
            .screenshot({ path: join(ARTIFACTS, `${base}${i ? `-${i}` : ''}.png`), fullPage: true })
            .catch(() => undefined),
        ),
    );
  });
}

/**
 * What the page's last copy button wrote to the clipboard (see the init script in newPage),
 * once it has written something: a click returns before the clipboard's write has finished.
 */
export async function copiedText(page: Page): Promise<string | undefined> {
  await page
    .waitForFunction(
      () => typeof (window as unknown as { __copiedText?: string }).__copiedText === 'string',
      undefined,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  return page.evaluate(() => (window as unknown as { __copiedText?: string }).__copiedText);
}
