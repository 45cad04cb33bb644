import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { ADMIN, type Account } from './accounts.ts';
import { appUrl } from './app-url.ts';
import { csrfTokenOf } from './ui.ts';

/** A page to sign in from: signing in returns there. `heading`: its h1, shown once it is open. */
export interface Landing {
  path: string;
  heading: string | RegExp;
}

/** Where signing in leads by itself: the event overview, the heaviest page (charts, figures). */
export const HOME: Landing = { path: '/', heading: 'Event overview' };
/** A light page, for a test that goes elsewhere next: Streams (one list). */
export const STREAMS_PAGE: Landing = { path: '/streams', heading: 'Streams' };
export const TOKENS_PAGE: Landing = { path: '/tokens', heading: 'Playback tokens' };
export const CREATE_PAGE: Landing = { path: '/tokens/new', heading: 'Secure playback token' };

/**
 * Signs in through the sign-in page, opened on the way to `landing` (the event overview unless
 * said otherwise), and waits for that page, where signing in returns to.
 */
export async function signInThroughUi(page: Page, account: Account, landing: Landing = HOME) {
  await page.goto(landing.path);
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  await page.getByRole('textbox', { name: 'Email' }).fill(account.email);
  await page.getByLabel(/^Password/).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: landing.heading, level: 1 }).waitFor();
}

/**
 * Signs `context` in as `account` through the BFF's API, as the sign-in page does, without
 * opening a page: for a browser whose own sign-in is not what the test is about.
 */
export async function signInByApi(context: BrowserContext, account: Account) {
  const response = await context.request.post('/api/session', {
    data: { email: account.email, password: account.password },
  });
  if (response.status() !== 200) {
    throw new Error(`signing ${account.email} in answered ${response.status()}`);
  }
}

/** Per app (one per worker) and account: a session is valid only at the app that made it. */
const stateFile = (account: Account, baseUrl = appUrl()) =>
  join(inject('stateDir'), `${`${baseUrl}-${account.email}`.replace(/[^a-z0-9]+/gi, '_')}.json`);

/** Keeps a context's signed-in state for `signedInState` (after signing in through the UI). */
export async function saveSignedInState(context: BrowserContext, account: Account) {
  await context.storageState({ path: stateFile(account) });
}

/**
 * A saved browser state signed in as `account`, made once per test run and app through the
 * BFF's API (as the sign-in page signs in, without loading a page: the session cookie is all the
 * state there is) and reused by later contexts (the BFF allows only a few sign-ins per minute
 * per IP). `baseUrl`: an app of the test file's own rather than its worker's.
 */
export async function signedInState(
  browser: Browser,
  account: Account,
  baseUrl = appUrl(),
): Promise<string> {
  const file = stateFile(account, baseUrl);
  if (existsSync(file)) return file;
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    await signInByApi(context, account);
    await context.storageState({ path: file });
  } finally {
    await context.close();
  }
  return file;
}

/**
 * Confirms it's still `account` on the page's session (its password), as the dashboard asks
 * before sensitive actions (adding staff, policies, revoke by filter) once REAUTH_MINUTES have
 * passed since signing in: a saved signed-in state is as old as the run.
 */
export async function confirmIdentity(page: Page, account: Account = ADMIN) {
  const response = await page.request.post('/api/session/confirm', {
    headers: { 'x-csrf-token': await csrfTokenOf(page) },
    data: { password: account.password },
  });
  if (response.status() !== 204) {
    throw new Error(
      `confirming ${account.email} answered ${response.status()}: ${await response.text()}`,
    );
  }
}

/**
 * A context signed in as the e2e admin, for set-up through the BFF's API: its page (whose
 * `request` carries the session cookie) and the CSRF header state-changing requests need.
 * The caller closes the context.
 */
export async function adminApi(browser: Browser) {
  const context = await browser.newContext({
    baseURL: appUrl(),
    storageState: await signedInState(browser, ADMIN),
  });
  const page = await context.newPage();
  await confirmIdentity(page);
  return { context, page, headers: { 'x-csrf-token': await csrfTokenOf(page) } };
}
