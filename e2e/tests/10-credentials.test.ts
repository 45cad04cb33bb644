import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Account } from '../src/accounts.ts';
import { axeViolations, describeViolations } from '../src/a11y.ts';
import { copiedText, newPage, sharedBrowser } from '../src/browser.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startBff, type Running } from '../src/processes.ts';
import {
  adminApi,
  signedInState,
  signInByApi,
  signInThroughUi,
  STREAMS_PAGE,
} from '../src/session.ts';
import { totpCode } from '@ptd/node-testing';
import { nextCode, shownKey } from '../src/two-factor.ts';
import { settle } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

/** No axe-core violation, of any impact, on the page as it is now. */
async function expectAccessible(page: Page, where: string) {
  await settle(page);
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

const baseUrl = appUrl();
const stamp = Date.now();
const account = (name: string): Account => ({
  email: `${name}-${stamp}@example.com`,
  password: `${name} e2e passphrase 42`,
});
const CHANGER = account('changer');
const RESET = account('reset');
const TOTP_USER = account('totp');

async function openAccountMenuItem(page: Page, item: string, heading: string) {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
}

/** Signs in from /streams, so that is where the sign-in returns to. */
async function fillSignIn(page: Page, { email, password }: Account) {
  await page.goto('/streams');
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('scenario 10: passwords and two-factor sign-in', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await sharedBrowser();
    const { context, page, headers } = await adminApi(browser);
    for (const [who, name] of [
      [CHANGER, 'Casey Changer'],
      [RESET, 'Robin Reset'],
      [TOTP_USER, 'Toni Totp'],
    ] as const) {
      const created = await page.request.post('/api/staff', {
        headers,
        data: { ...who, displayName: name, role: 'editor' },
      });
      expect(created.status(), await created.text()).toBe(201);
    }
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('should change the password from the account menu and sign the other browser out', async () => {
    const laptop = await newPage(browser, baseUrl, 'credentials-change');
    // The other browser: signed in, nothing looked at.
    const phone = await browser.newContext({ baseURL: baseUrl });
    await signInByApi(phone, CHANGER);
    await signInThroughUi(laptop.page, CHANGER, STREAMS_PAGE);
    const { page } = laptop;
    await openAccountMenuItem(page, 'Change password', 'Change password');
    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel(/^Current password/).fill('not my password');
    await form.getByLabel(/^New password/).fill('casey has a brand new passphrase');
    await form.getByLabel(/^Repeat the new password/).fill('casey has a brand new passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Current password: this is not your current password.').waitFor();

    await form.getByLabel(/^Current password/).fill(CHANGER.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed. 1 other session was signed out.').waitFor();
    expect((await phone.request.get('/api/session')).status()).toBe(401);
    expect((await page.request.get('/api/session')).status()).toBe(200);

    await signOut(page);
    await signInThroughUi(
      page,
      { ...CHANGER, password: 'casey has a brand new passphrase' },
      STREAMS_PAGE,
    );
    await phone.close();
    await laptop.context.close();
  });

  it('should let the staff member use an admin’s set-password link in their own browser, once', async () => {
    const admin = await newPage(browser, baseUrl, 'credentials-reset-admin', {
      storageState: await signedInState(browser, ADMIN),
    });
    await admin.page.goto('/staff');
    await admin.page.getByRole('button', { name: 'More actions for Robin Reset' }).click();
    await admin.page.getByRole('menuitem', { name: 'Make a set-password link' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'Set-password link for Robin Reset' });
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    const link = (await copiedText(admin.page)) ?? '';
    expect(link).toMatch(/\/set-password#token=[\w-]{43}$/);
    await dialog.getByRole('checkbox', { name: 'I have copied the link' }).check();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Robin, in another browser, signed in there with the old password meanwhile.
    const robin = await newPage(browser, baseUrl, 'credentials-reset-member', { bypassCSP: true });
    const before = await browser.newContext({ baseURL: baseUrl });
    await signInByApi(before, RESET);
    await robin.page.goto(link);
    await robin.page.getByRole('heading', { name: 'Set your password', level: 1 }).waitFor();
    await robin.page.getByText('Robin Reset').waitFor();
    await expectAccessible(robin.page, 'set-password page');
    // The secret is gone from the address bar at once.
    expect(robin.page.url()).toBe(`${baseUrl}/set-password`);
    await robin.page.getByLabel(/^New password/).fill('robin chose this passphrase');
    await robin.page.getByLabel(/^Repeat the password/).fill('robin chose this passphrase');
    await robin.page.getByRole('button', { name: 'Set password' }).click();
    await robin.page.getByText(/Your password is set\./).waitFor();
    expect((await before.request.get('/api/session')).status()).toBe(401);
    await robin.page.getByRole('link', { name: 'Go to sign-in' }).click();
    await signInThroughUi(
      robin.page,
      { ...RESET, password: 'robin chose this passphrase' },
      STREAMS_PAGE,
    );

    // The link works once.
    const again = await newPage(browser, baseUrl, 'credentials-reset-again');
    await again.page.goto(link);
    await again.page.getByText(/This set-password link has been used already/).waitFor();
    await Promise.all([before.close(), again.context.close(), robin.context.close()]);
    await admin.context.close();
  });

  it('should set up two-factor from the account menu and then ask for the app’s code at sign-in', async () => {
    const { context, page } = await newPage(browser, baseUrl, 'credentials-totp', {
      bypassCSP: true,
    });
    await signInThroughUi(page, TOTP_USER, STREAMS_PAGE);
    await openAccountMenuItem(page, 'Two-factor sign-in', 'Two-factor sign-in');
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = await shownKey(page);
    await expectAccessible(page, 'two-factor setup');
    const first = totpCode(secret);
    await page.getByLabel(/6-digit code/).fill(first);
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.nth(9).waitFor();
    await expectAccessible(page, 'recovery codes');
    const recovery = (await codes.first().textContent()) ?? '';
    await page.getByRole('checkbox', { name: 'I have saved my recovery codes' }).check();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('Two-factor sign-in is on', { exact: true }).waitFor();
    await signOut(page);

    await fillSignIn(page, TOTP_USER);
    await page.getByRole('heading', { name: 'Two-factor sign-in', level: 1 }).waitFor();
    await expectAccessible(page, 'sign-in code step');
    // The password alone opened nothing.
    expect((await page.request.get('/api/session')).status()).toBe(401);
    await page.getByLabel(/6-digit code/).fill('000000' === first ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText(/The code is wrong or has expired|This code has been used/).waitFor();
    // The code used to turn it on is spent: the next one from the app signs in.
    await page.getByLabel(/6-digit code/).fill(nextCode(secret, first));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Streams', level: 1 }).waitFor();

    // A recovery code, when the phone is not at hand; it works once.
    await signOut(page);
    await fillSignIn(page, TOTP_USER);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel(/Recovery code/).fill(recovery);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: 'Streams', level: 1 }).waitFor();
    await context.close();
  });
});

/**
 * A first start: no ADMIN_*, so the admin gets a generated password on the console. Started
 * with the file, so that it starts while scenario 10 runs; stopped once the file is done.
 */
const firstStart = freePort().then((port) =>
  startBff({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: freshDataDir() }, port, '/readyz'),
);
// Failed, it fails scenario 10b (below), not the run.
firstStart.catch(() => undefined);
afterAll(async () => {
  await (await firstStart.catch(() => undefined))?.stop();
});

describe('scenario 10b: the first admin chooses their own password', () => {
  let app: Running | undefined;
  let browser: Browser;

  beforeAll(async () => {
    app = await firstStart;
    browser = await sharedBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('should open only the new-password form with the printed password, once', async () => {
    const url = app?.url ?? '';
    const printed = /Sign in as (\S+) with password: (\S+)/.exec(app?.output() ?? '');
    expect(printed, app?.output()).not.toBeNull();
    const first: Account = { email: printed?.[1] ?? '', password: printed?.[2] ?? '' };
    const { context, page } = await newPage(browser, url, 'credentials-first-admin');
    await fillSignIn(page, first);
    await page.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    expect((await page.request.get('/api/staff')).status()).toBe(401);
    // Reloaded, the form is still there; in another browser the printed password is spent.
    await page.reload();
    await page.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    const other = await newPage(browser, url, 'credentials-first-admin-other');
    await fillSignIn(other.page, first);
    await other.page.getByText('The email or password is wrong.').waitFor();
    await other.context.close();

    await page.getByLabel(/^New password/).fill('the first admin own passphrase');
    await page.getByLabel(/^Repeat the new password/).fill('the first admin own passphrase');
    await page.getByRole('button', { name: 'Save password and continue' }).click();
    await page.getByRole('heading', { name: 'Streams', level: 1 }).waitFor();
    await signOut(page);
    await fillSignIn(page, { ...first, password: 'the first admin own passphrase' });
    await page.getByRole('heading', { name: 'Streams', level: 1 }).waitFor();
    await context.close();
  });
});
