import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../src/accounts.ts';
import { sharedBrowser, newPage } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import {
  adminApi,
  saveSignedInState,
  signedInState,
  signInThroughUi,
  STREAMS_PAGE,
} from '../src/session.ts';
import { csrfTokenOf, ledgerTotal, mainNav, tokenRow, tokensTable } from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stamp = Date.now();
const VIEWER: Account = {
  email: `viewer-${stamp}@example.com`,
  password: 'viewer e2e passphrase 42',
};
const adminTag = `e2e-admin-made-${stamp}`;

/** A valid token request (the BFF's contract), as the form would send it. */
const tokenRequest = (tag: string) => ({
  target: { type: 'streams', streams: [STREAMS.derbyDay.name] },
  tag,
});

describe('scenario 5: roles', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await sharedBrowser();
    // As admin, through the BFF's API: a viewer account and one token for the viewer to see.
    const { context, page, headers } = await adminApi(browser);
    const staff = await page.request.post('/api/staff', {
      headers,
      data: { ...VIEWER, displayName: 'Vera Viewer', role: 'viewer' },
    });
    expect(staff.status(), await staff.text()).toBe(201);
    expect(await staff.json()).toMatchObject({ email: VIEWER.email, role: 'viewer' });
    const token = await page.request.post('/api/tokens', { headers, data: tokenRequest(adminTag) });
    expect(token.status(), await token.text()).toBe(201);
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a viewer browses streams and tokens but has no way to create', async () => {
    const { context, page } = await newPage(browser, baseUrl, 'roles-viewer-ui');
    await signInThroughUi(page, VIEWER, STREAMS_PAGE);
    await saveSignedInState(context, VIEWER);
    await page.getByRole('button', { name: 'Account: Vera Viewer, Viewer' }).waitFor();

    // Streams (where signing in returned to): listed, openable; no "Create stream".
    const streams = page.getByRole('table', { name: 'Streams' });
    await streams.getByRole('link', { name: STREAMS.derbyDay.name }).waitFor();
    expect(await page.getByRole('button', { name: 'Create stream' }).count()).toBe(0);
    await streams.getByRole('link', { name: STREAMS.derbyDay.name }).click();
    await page.getByRole('heading', { name: STREAMS.derbyDay.name, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Playouts' }).waitFor();
    expect(await page.getByRole('button', { name: /^Create/ }).count()).toBe(0);

    // Playback tokens: the overview lists the admin's token; no create, no revoke.
    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    await page.getByRole('heading', { name: 'Playback tokens', level: 1 }).waitFor();
    await tokenRow(page, adminTag).getByRole('cell', { name: 'Active', exact: true }).waitFor();
    const main = page.getByRole('main');
    expect(await main.getByRole('link', { name: /^Create (token|secure)/ }).count()).toBe(0);
    expect(await main.getByRole('button', { name: /^Create (token|secure)/ }).count()).toBe(0);
    expect(
      await tokensTable(page)
        .getByRole('button', { name: /^Revoke/ })
        .count(),
    ).toBe(0);

    // The create page is not offered; reached by URL, it says plainly that a viewer cannot create.
    expect(await mainNav(page).getByRole('link', { name: 'Secure playback token' }).count()).toBe(
      0,
    );
    await page.goto(`${baseUrl}/tokens/new`);
    await page.getByText('You can’t create tokens').waitFor();
    await page.getByText(/Your role is Viewer/).waitFor();
    expect(await page.getByRole('form', { name: 'Secure playback token' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create secure playback token' }).count()).toBe(
      0,
    );

    // Administration is not offered at all.
    expect(await mainNav(page).getByRole('link', { name: 'Staff' }).count()).toBe(0);
    expect(await mainNav(page).getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await context.close();
  });

  it('the BFF refuses a viewer’s hand-made create request, and no ledger row appears', async () => {
    const storageState = await signedInState(browser, VIEWER);
    const { context, page } = await newPage(browser, baseUrl, 'roles-viewer-api', {
      storageState,
    });
    await page.goto('/tokens');
    const table = tokensTable(page);
    await tokenRow(page, adminTag).waitFor();
    const rowsBefore = await table.getByRole('row').count();
    const totalBefore = await ledgerTotal(page);
    const csrf = await csrfTokenOf(page);

    // Sent from the page itself: same origin, the viewer's session cookie, a valid CSRF token.
    const post = (csrfToken: string) =>
      page.evaluate(
        async ({ body, csrfToken }) => {
          const response = await fetch('/api/tokens', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
            body: JSON.stringify(body),
          });
          return { status: response.status, body: (await response.json()) as { code?: string } };
        },
        { body: tokenRequest(`e2e-viewer-${stamp}`), csrfToken },
      );
    const refused = await post(csrf);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    // Control: a wrong CSRF token is refused earlier, for CSRF; the valid one got past that.
    expect((await post('not-the-session-token')).body.code).toBe('csrf');

    expect(await ledgerTotal(page)).toBe(totalBefore);
    await page.reload();
    await tokenRow(page, adminTag).waitFor();
    expect(await table.getByRole('row').count()).toBe(rowsBefore);
    expect(await tokenRow(page, `e2e-viewer-${stamp}`).count()).toBe(0);
    await context.close();
  });
});
