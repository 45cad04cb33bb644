import { chromium, type Browser, type BrowserServer } from 'playwright-core';

/** Debian's Chromium, headless, with nothing running in the background. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/*
 * Each launch gets a fresh, throw-away profile: playwright-core creates a temporary
 * user-data-dir for `launch()` / `launchServer()` and deletes it on close (it refuses
 * `--user-data-dir` in args; a fixed profile would need `launchPersistentContext`, which allows
 * only one context).
 */
const options = { executablePath: CHROMIUM_PATH, headless: true, args: ARGS };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(options);
}

/** One Chromium for the whole test run; test files connect to it (see `sharedBrowser`). */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer(options);
}

export function connectBrowser(wsEndpoint: string): Promise<Browser> {
  return chromium.connect(wsEndpoint);
}
