import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { startBuiltApp } from '../src/app-process.ts';
import { axeViolations, describeViolations } from '../src/a11y.ts';
import { ARTIFACTS, newPage, sharedBrowser } from '../src/browser.ts';
import { freshDataDir, type Running } from '../src/processes.ts';
import { signInThroughUi } from '../src/session.ts';
import { addStaffOnceProofIsOld } from '../src/staff-form.ts';
import { settle } from '../src/ui.ts';

const shots = join(ARTIFACTS, 'confirm-its-you');
/** REAUTH_MINUTES of the test's app (the default). */
const REAUTH_MINUTES = 10;

async function expectAccessible(page: Page, where: string) {
  await settle(page);
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

describe('scenario 18: confirm it’s you before a sensitive action', () => {
  let browser: Browser;
  let app: Running | undefined;
  const dataDir = freshDataDir();

  beforeAll(async () => {
    app = await startBuiltApp({
      DATA_DIR: dataDir,
      SIGN_IN_RATE_PER_MINUTE: '1000',
      REAUTH_MINUTES: String(REAUTH_MINUTES),
    });
    browser = await sharedBrowser();
    mkdirSync(shots, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks for the password over the filled-in form, by keyboard, then adds the staff member once', async () => {
    const { context, page } = await newPage(browser, app?.url ?? '', 'confirm-its-you', {
      bypassCSP: true,
    });
    await signInThroughUi(page, ADMIN, { path: '/staff', heading: 'Staff' });
    const signedInAt = Date.now();
    const email = `nora-${signedInAt}@example.com`;
    const { form, creates } = await addStaffOnceProofIsOld(page, {
      dataDir,
      reauthMinutes: REAUTH_MINUTES,
      email,
    });

    const confirm = page.getByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await confirm.waitFor();
    const password = confirm.getByLabel(/^Password/);
    expect(await password.evaluate((input) => input === document.activeElement)).toBe(true);
    await expectAccessible(page, 'the confirmation at 1440 px');
    await page.screenshot({ path: join(shots, 'confirm-1440.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await expectAccessible(page, 'the confirmation at 390 px');
    await page.screenshot({ path: join(shots, 'confirm-390.png') });

    // The form behind it is as it was.
    // (Hidden from assistive technology while the confirmation is open, as MUI does.)
    expect(await page.locator('input[name="email"]').inputValue()).toBe(email);
    expect(await page.locator('input[name="displayName"]').inputValue()).toBe('Nora New');
    expect(creates).toHaveLength(1);

    // Keyboard only: a wrong password first, said under the field.
    await page.keyboard.type('not my password');
    await page.keyboard.press('Enter');
    await confirm.getByText(/Password: this is not your password/).waitFor();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');

    await page.getByText('Nora New can now sign in as Editor.').waitFor();
    await confirm.waitFor({ state: 'hidden' });
    await form.waitFor({ state: 'hidden' });
    expect(creates).toHaveLength(2);
    expect(JSON.parse(creates[1]!)).toEqual(JSON.parse(creates[0]!));
    await page.getByText(email).waitFor();
    await context.close();
  }, 150_000);
});
