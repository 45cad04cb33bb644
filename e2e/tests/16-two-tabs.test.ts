import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Account } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { adminApi, signedInState, signInThroughUi, STREAMS_PAGE } from '../src/session.ts';
import { createdDialog, fillTokenForm, openCreatePage, readShownToken } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const REFUSED = 'Missing or wrong x-csrf-token header. Reload the page and try again.';
const SOMEONE_ELSE =
  'Someone else signed in at another tab of this browser. Sign in again to continue.';
const EDITOR: Account = { email: 'two-tabs-editor@example.com', password: 'e2e two tabs battery' };

/** Signs out through the account menu. */
async function signOut(page: Page) {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
}

/** Two tabs of one browser share the session cookie; each keeps its own page and form. */
describe('scenario 16: two tabs of one browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
    const { context, page, headers } = await adminApi(browser);
    const created = await page.request.post('/api/staff', {
      headers,
      data: { ...EDITOR, displayName: 'Eden Editor', role: 'editor' },
    });
    expect(created.status(), await created.text()).toBe(201);
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('should create the token of a form filled in one tab after the other signed out and in again', async () => {
    // Signed in through the page: signing out must not end the session other tests share.
    const { context, page: first } = await newPage(browser, baseUrl, 'two-tabs-sign-in-again');
    await signInThroughUi(first, ADMIN, STREAMS_PAGE);
    const second = await context.newPage();
    const tag = `two-tabs-${Date.now()}`;
    await fillTokenForm(await openCreatePage(second), { organisation: true, tag });

    await signOut(first);
    await signInThroughUi(first, ADMIN, STREAMS_PAGE);

    await second.getByRole('button', { name: 'Create secure playback token' }).click();
    await createdDialog(second).waitFor({ timeout: 10_000 });
    expect((await readShownToken(second)).token).toMatch(/^ey/);
    expect(await second.getByText(REFUSED).count()).toBe(0);
    await context.close();
  });

  it('should send a tab to sign in at once when someone else signed in at the other, keeping its form from them', async () => {
    const { context, page: first } = await newPage(browser, baseUrl, 'two-tabs-someone-else');
    await signInThroughUi(first, ADMIN, STREAMS_PAGE);
    const second = await context.newPage();
    const tag = `someone-else-${Date.now()}`;
    await fillTokenForm(await openCreatePage(second), { organisation: true, tag });

    await signOut(first);
    await signInThroughUi(first, EDITOR, STREAMS_PAGE);

    // The admin's tab does not go on as the admin under the editor's session, nor show them
    // the admin's form: it says why, at once, without waiting for its next request.
    await second.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor({ timeout: 5000 });
    await second.getByText(SOMEONE_ELSE).waitFor();
    expect(await second.getByText('Administrator').count()).toBe(0);
    await openCreatePage(first);
    expect(await first.getByRole('textbox', { name: 'Tag' }).inputValue()).toBe('');

    // Its author gets the form back after signing in there again.
    await second.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await second.getByLabel(/^Password/).fill(ADMIN.password);
    await second.getByRole('button', { name: 'Sign in' }).click();
    await second.getByRole('heading', { name: 'Secure playback token', level: 1 }).waitFor();
    expect(await second.getByRole('textbox', { name: 'Tag' }).inputValue()).toBe(tag);
    await context.close();
  });

  it('should show each tab its own token when the same token is asked for in both', async () => {
    const { context, page: first } = await newPage(browser, baseUrl, 'two-tabs-same-token', {
      storageState: await signedInState(browser, ADMIN),
    });
    const second = await context.newPage();
    const tag = `same-in-two-tabs-${Date.now()}`;
    for (const page of [first, second]) {
      await fillTokenForm(await openCreatePage(page), { organisation: true, tag });
    }
    await Promise.all(
      [first, second].map((page) =>
        page.getByRole('button', { name: 'Create secure playback token' }).click(),
      ),
    );
    const [one, two] = await Promise.all(
      [first, second].map(async (page) => {
        await createdDialog(page).waitFor({ timeout: 10_000 });
        return (await readShownToken(page)).token;
      }),
    );
    // Asked for twice: two tokens, neither tab given the other's nor an error over its own.
    expect(one).toMatch(/^ey/);
    expect(two).toMatch(/^ey/);
    expect(one).not.toBe(two);
    await context.close();
  });
});
