import { SSO_ERRORS } from '@ptd/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../src/a11y.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import type { Running } from '../src/processes.ts';
import { startSsoApp } from '../src/sso-app.ts';

let provider: Running;
let app: Running;
let browser: Browser;

beforeAll(async () => {
  ({ app, provider } = await startSsoApp());
  browser = await sharedBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await provider?.stop();
});

/** "Sign in with Local IdP", then the provider's own sign-in page. */
async function signInAtProvider(page: Page, login: string, password: string) {
  await page.getByRole('link', { name: 'Sign in with Local IdP' }).click();
  await page.getByRole('heading', { name: 'Local identity provider' }).waitFor();
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Single sign-on against a real OpenID provider on this machine (src/sso-app.ts). */
describe('scenario 13: single sign-on with an OpenID provider', () => {
  it('should sign in at the provider and land where the visitor was heading with the mapped role', async () => {
    const { page } = await newPage(browser, app.url, 'sso-sign-in');
    await page.goto('/tokens');
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    // Password sign-in stays on beside it.
    await expect(page.getByRole('textbox', { name: 'Email' }).isVisible()).resolves.toBe(true);

    await signInAtProvider(page, 'ada', 'ada password');
    await page.getByRole('heading', { name: 'Playback tokens', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/tokens');
    // The Strict session cookie was set on the provider's redirect and is sent from here on.
    const account = page.getByRole('button', { name: 'Account: Ada Admin, Admin' });
    await account.click();
    await page.getByRole('menuitem', { name: 'Your sessions' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Change password' }).count()).toBe(0);

    // Signing out ends the session here, then at the provider, which sends us back.
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(new URL(page.url()).origin).toBe(app.url);
    expect((await page.request.get('/api/session')).status()).toBe(401);
  });

  it('should refuse an email domain that is not allowed, say why and open no session', async () => {
    const { page } = await newPage(browser, app.url, 'sso-refused', { bypassCSP: true });
    await page.goto('/sign-in');
    await signInAtProvider(page, 'olga', 'olga password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(SSO_ERRORS['email-domain']);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect((await page.request.get('/api/session')).status()).toBe(401);
    const violations = await axeViolations(page);
    expect(violations, describeViolations('sign-in page after a refusal', violations)).toEqual([]);
  });
});
