import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations } from '../src/a11y.ts';
import { ARTIFACTS, newPage, sharedBrowser } from '../src/browser.ts';
import { freshDataDir, type Running } from '../src/processes.ts';
import { startSsoApp } from '../src/sso-app.ts';
import { addStaffOnceProofIsOld } from '../src/staff-form.ts';
import { settle } from '../src/ui.ts';

const shots = join(ARTIFACTS, 'confirm-with-single-sign-on');
/** REAUTH_MINUTES of the test's app (the default). */
const REAUTH_MINUTES = 10;

async function expectAccessible(page: Page, where: string) {
  await settle(page);
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

/** The dialog at 1440 and 390 px: no axe violations, a screenshot of each. */
async function lookAt(page: Page, name: string, what: string) {
  await expectAccessible(page, `${what} at 1440 px`);
  await page.screenshot({ path: join(shots, `${name}-1440.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await expectAccessible(page, `${what} at 390 px`);
  await page.screenshot({ path: join(shots, `${name}-390.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** The provider's own sign-in page, in the window the dialog opened. */
async function signInAtProvider(popup: Page, login: string, password: string) {
  await popup.getByRole('heading', { name: 'Local identity provider' }).waitFor();
  await popup.getByLabel('Login').fill(login);
  await popup.getByLabel('Password').fill(password);
  await popup.getByRole('button', { name: 'Sign in' }).click();
}

describe('scenario 19: confirm it’s you with single sign-on, in a window over the form', () => {
  let browser: Browser;
  let app: Running | undefined;
  let provider: Running | undefined;
  const dataDir = freshDataDir();

  beforeAll(async () => {
    ({ app, provider } = await startSsoApp({
      DATA_DIR: dataDir,
      REAUTH_MINUTES: String(REAUTH_MINUTES),
      SIGN_IN_RATE_PER_MINUTE: '1000',
    }));
    browser = await sharedBrowser();
    mkdirSync(shots, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await provider?.stop();
  });

  it('says why another account at the provider confirms nothing, then adds the staff member once after signing in as themselves', async () => {
    const { context, page } = await newPage(browser, app?.url ?? '', 'confirm-with-sso', {
      bypassCSP: true,
    });
    await page.goto('/staff');
    await page.getByRole('link', { name: 'Sign in with Local IdP' }).click();
    await signInAtProvider(page, 'ada', 'ada password');
    await page.getByRole('button', { name: 'Add staff member' }).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff');
    const signedInAt = Date.now();
    const email = `nora-${signedInAt}@example.com`;
    const { form, creates } = await addStaffOnceProofIsOld(page, {
      dataDir,
      reauthMinutes: REAUTH_MINUTES,
      email,
    });

    const confirm = page.getByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await confirm.waitFor();
    expect(await confirm.getByText(/will be lost/).count()).toBe(0);

    // Another account at the provider: said, and nothing added.
    let opened = page.waitForEvent('popup');
    await confirm.getByRole('button', { name: 'Sign in again' }).click();
    let popup = await opened;
    await confirm
      .getByText('Waiting for you to sign in at Local IdP in the window that opened…')
      .waitFor();
    await lookAt(page, 'waiting', 'the dialog waiting for the provider');
    let closed = popup.waitForEvent('close');
    await signInAtProvider(popup, 'eddie', 'eddie password');
    await closed;
    const alert = confirm.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'You signed in at Local IdP as another account than the one signed in here.',
    );
    await lookAt(page, 'another-account', 'the dialog after another account signed in');
    expect(creates).toHaveLength(1);

    // As themselves: the form's request goes again, once, as it was.
    opened = page.waitForEvent('popup');
    await confirm.getByRole('button', { name: 'Try again' }).click();
    popup = await opened;
    closed = popup.waitForEvent('close');
    await signInAtProvider(popup, 'ada', 'ada password');
    await closed;

    await page.getByText('Nora New can now sign in as Editor.').waitFor();
    await confirm.waitFor({ state: 'hidden' });
    await form.waitFor({ state: 'hidden' });
    expect(creates).toHaveLength(2);
    expect(JSON.parse(creates[1]!)).toEqual(JSON.parse(creates[0]!));
    await page.getByText(email).waitFor();
    expect(await page.getByText(email).count()).toBe(1);
    await context.close();
  }, 180_000);
});
