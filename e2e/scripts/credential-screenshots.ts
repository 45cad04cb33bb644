import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpCode } from '@ptd/node-testing';
import { shownKey } from '../src/two-factor.ts';

const DESKTOP = { width: 1440, height: 900 };
const MOBILE = { width: 390, height: 844 };
const MEMBERS: Array<{ email: string; password: string; displayName: string }> = [
  { email: 'robin@example.com', password: 'screenshots passphrase 2', displayName: 'Robin Reset' },
  { email: 'toni@example.com', password: 'screenshots passphrase 3', displayName: 'Toni Totp' },
  { email: 'sam@example.com', password: 'screenshots passphrase 4', displayName: 'Sam Second' },
];
type Shoot = (page: Page, name: string) => Promise<void>;

async function context(browser: Browser, baseUrl: string, mobile: boolean, state?: string) {
  return browser.newContext({
    baseURL: baseUrl,
    viewport: mobile ? MOBILE : DESKTOP,
    isMobile: mobile,
    hasTouch: mobile,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    ...(state ? { storageState: JSON.parse(state) as never } : {}),
  });
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/streams');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Two-factor set up from the account menu up to the QR code; answers the key shown. */
async function openEnrolment(page: Page) {
  await page.goto('/account/two-factor');
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  return shownKey(page);
}

/**
 * Change password, the set-password link dialog and page, two-factor set-up with its
 * recovery codes, and the sign-in code step, each at 1440 and 390 px.
 */
export async function shootCredentials(
  browser: Browser,
  admin: BrowserContext,
  baseUrl: string,
  shoot: Shoot,
) {
  const page = await admin.newPage();
  const session = await page.request.get('/api/session');
  const headers = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  for (const member of MEMBERS) {
    const created = await page.request.post('/api/staff', {
      headers,
      data: { ...member, role: 'editor' },
    });
    if (created.status() !== 201) throw new Error(`staff: ${await created.text()}`);
  }
  const adminState = JSON.stringify(await admin.storageState());
  const phoneAdmin = await context(browser, baseUrl, true, adminState);
  const phone = await phoneAdmin.newPage();

  let link = '';
  for (const [view, suffix] of [
    [page, ''],
    [phone, '-mobile'],
  ] as const) {
    await view.goto('/account/password');
    await view.getByRole('form', { name: 'Change password' }).waitFor();
    await shoot(view, `change-password${suffix}`);
    await view.goto('/staff');
    await view.getByRole('button', { name: 'More actions for Robin Reset' }).click();
    await view.getByRole('menuitem', { name: 'Make a set-password link' }).click();
    const dialog = view.getByRole('dialog', { name: 'Set-password link for Robin Reset' });
    await dialog.waitFor();
    link = (await dialog.locator('pre').textContent()) ?? '';
    await shoot(view, `reset-link-dialog${suffix}`);
    await dialog.getByRole('checkbox', { name: 'I have copied the link' }).check();
    await dialog.getByRole('button', { name: 'Close' }).click();
  }
  await phoneAdmin.close();

  // Robin opens the latest link in browsers of their own (opening it does not use it up).
  for (const mobile of [false, true]) {
    const robin = await context(browser, baseUrl, mobile);
    const view = await robin.newPage();
    await view.goto(link);
    await view.getByRole('form', { name: 'Set your password' }).waitFor();
    await shoot(view, `set-password${mobile ? '-mobile' : ''}`);
    await robin.close();
  }

  // Toni on a laptop, Sam on a phone: setting up two-factor, the recovery codes, the code step.
  const [, toni, sam] = MEMBERS;
  if (!toni || !sam) throw new Error('two members are needed');
  for (const [member, mobile] of [
    [toni, false],
    [sam, true],
  ] as const) {
    const suffix = mobile ? '-mobile' : '';
    const own = await context(browser, baseUrl, mobile);
    const view = await own.newPage();
    await signIn(view, member.email, member.password);
    await view.getByRole('heading', { name: 'Streams', level: 1 }).waitFor();
    const secret = await openEnrolment(view);
    await shoot(view, `two-factor-setup${suffix}`);
    await view.getByLabel(/6-digit code/).fill(totpCode(secret));
    await view.getByRole('button', { name: 'Turn on' }).click();
    await view.getByRole('list', { name: 'Recovery codes' }).waitFor();
    await shoot(view, `recovery-codes${suffix}`);
    await own.close();

    const again = await context(browser, baseUrl, mobile);
    const signing = await again.newPage();
    await signIn(signing, member.email, member.password);
    await signing.getByLabel(/6-digit code/).waitFor();
    await shoot(signing, `sign-in-code${suffix}`);
    await again.close();
  }
}
