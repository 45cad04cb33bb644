import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN } from '../src/accounts.ts';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const MEMBER = { email: 'eddie@example.com', password: 'screenshots passphrase 1' };

/** Signs `account` in from a browser that says it is `userAgent` (left open: a session). */
async function signInAs(
  browser: Browser,
  baseUrl: string,
  account: typeof ADMIN,
  userAgent: string,
) {
  const context = await browser.newContext({ baseURL: baseUrl, userAgent });
  const response = await context.request.post('/api/session', { data: account });
  if (response.status() !== 200) throw new Error(`sign-in: ${await response.text()}`);
  return context;
}

/**
 * "Your sessions" and a staff member's sessions dialog, desktop and phone: the admin and a
 * colleague are also signed in on a phone and a Windows laptop.
 */
export async function shootSessions(
  browser: Browser,
  page: Page,
  phone: BrowserContext,
  baseUrl: string,
  shoot: (page: Page, name: string) => Promise<void>,
) {
  const session = await page.request.get('/api/session');
  const headers = { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const created = await page.request.post('/api/staff', {
    headers,
    data: { ...MEMBER, displayName: 'Eddie Editor', role: 'editor' },
  });
  if (created.status() !== 201) throw new Error(`staff: ${await created.text()}`);
  const others = [
    await signInAs(browser, baseUrl, ADMIN, IPHONE),
    await signInAs(browser, baseUrl, ADMIN, FIREFOX),
    await signInAs(browser, baseUrl, MEMBER, FIREFOX),
    await signInAs(browser, baseUrl, MEMBER, IPHONE),
  ];

  await page.goto('/account/sessions');
  await page.getByRole('list', { name: 'Your sessions' }).getByRole('listitem').nth(2).waitFor();
  await shoot(page, 'sessions');
  const mobile = await phone.newPage();
  await mobile.goto('/account/sessions');
  await mobile.getByRole('list', { name: 'Your sessions' }).getByRole('listitem').nth(2).waitFor();
  await shoot(mobile, 'sessions-mobile');

  for (const [view, name] of [
    [page, 'staff-sessions'],
    [mobile, 'staff-sessions-mobile'],
  ] as const) {
    await view.goto('/staff');
    await view.getByRole('button', { name: 'Sessions of Eddie Editor' }).click();
    const dialog = view.getByRole('dialog', { name: 'Sessions of Eddie Editor' });
    await dialog.getByRole('listitem').nth(1).waitFor();
    await shoot(view, name);
  }
  await Promise.all(others.map((context) => context.close()));
}
