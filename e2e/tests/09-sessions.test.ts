import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Account } from '../src/accounts.ts';
import { axeViolations, describeViolations } from '../src/a11y.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { adminApi, signedInState, signInThroughUi, STREAMS_PAGE } from '../src/session.ts';
import { csrfTokenOf, settle } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stamp = Date.now();
/** A staff member of this file's own: signing out never touches the admin's shared session. */
const MEMBER: Account = {
  email: `sessions-${stamp}@example.com`,
  password: 'sessions e2e passphrase 7',
};

/** Opens "Your sessions" from the account menu. */
async function openYourSessions(page: Page) {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Your sessions' }).click();
  await page.getByRole('heading', { name: 'Your sessions', level: 1 }).waitFor();
  return page.getByRole('list', { name: 'Your sessions' });
}

describe('scenario 9: sessions end on the server', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await sharedBrowser();
    const { context, page, headers } = await adminApi(browser);
    const created = await page.request.post('/api/staff', {
      headers,
      data: { ...MEMBER, displayName: 'Sam Sessions', role: 'editor' },
    });
    expect(created.status(), await created.text()).toBe(201);
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('should refuse the old cookie in another browser after sign-out', async () => {
    const { context, page } = await newPage(browser, baseUrl, 'sessions-sign-out');
    await signInThroughUi(page, MEMBER, STREAMS_PAGE);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toContain('ptd_session');
    const csrf = await csrfTokenOf(page);

    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();

    // Someone who copied the cookie (and the CSRF token) before sign-out tries it elsewhere.
    const thief = await browser.newContext({ baseURL: baseUrl });
    await thief.addCookies(cookies);
    const who = await thief.request.get('/api/session');
    expect(who.status()).toBe(401);
    expect(((await who.json()) as { message: string }).message).toBe(
      'Your session has ended. Sign in again.',
    );
    const create = await thief.request.post('/api/tokens', {
      headers: { 'x-csrf-token': csrf },
      data: { target: { type: 'organisation' }, tag: `stolen-${stamp}` },
    });
    expect(create.status()).toBe(401);
    const page2 = await thief.newPage();
    await page2.goto('/streams');
    await page2.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await thief.close();
    await context.close();
  });

  it('should sign the other browser out when its session is signed out from "Your sessions"', async () => {
    const laptop = await newPage(browser, baseUrl, 'sessions-laptop');
    const phone = await newPage(browser, baseUrl, 'sessions-phone', {
      viewport: { width: 390, height: 844 },
    });
    await signInThroughUi(phone.page, MEMBER, STREAMS_PAGE);
    await signInThroughUi(laptop.page, MEMBER, STREAMS_PAGE);

    const list = await openYourSessions(laptop.page);
    await list.getByText('This session').waitFor();
    const others = list.getByRole('button', { name: /^Sign out / });
    expect(await others.count()).toBe(1);
    await others.click();
    await laptop.page.getByText(/is signed out\.$/).waitFor();
    await laptop.page.getByText('You are signed in here only.').waitFor();

    // The phone's next request is refused, and it lands on the sign-in page.
    expect((await phone.page.request.get('/api/session')).status()).toBe(401);
    await phone.page.reload();
    await phone.page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    // The laptop is still signed in.
    expect((await laptop.page.request.get('/api/session')).status()).toBe(200);
    await phone.context.close();
    await laptop.context.close();
  });

  it('should show an admin a staff member’s sessions in a dialog with no axe violation', async () => {
    const member = await newPage(browser, baseUrl, 'sessions-member');
    await signInThroughUi(member.page, MEMBER, STREAMS_PAGE);
    const { context, page } = await newPage(browser, baseUrl, 'sessions-staff-dialog', {
      storageState: await signedInState(browser, ADMIN),
      bypassCSP: true,
    });
    await page.goto('/staff');
    await page.getByRole('button', { name: 'Sessions of Sam Sessions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sessions of Sam Sessions' });
    await dialog.getByRole('list', { name: 'Sessions of Sam Sessions' }).waitFor();
    await settle(page);
    const violations = await axeViolations(page);
    expect(violations, describeViolations('staff sessions dialog', violations)).toEqual([]);

    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
    await dialog.getByText('Sam Sessions is not signed in anywhere.').waitFor();
    await member.page.reload();
    await member.page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await member.context.close();
    await context.close();
  });
});
