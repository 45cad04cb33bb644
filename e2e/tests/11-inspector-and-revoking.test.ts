import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Account } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { SEEDED_CREDENTIALS, STREAMS } from '../src/seed.ts';
import { confirmIdentity, CREATE_PAGE, signedInState, signInThroughUi } from '../src/session.ts';
import {
  closeCreatedDialog,
  createTokenFromNav,
  csrfTokenOf,
  mainNav,
  tokenRow,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stamp = Date.now();
const EDITOR: Account = {
  email: `editor-${stamp}@example.com`,
  password: 'editor e2e passphrase 7',
};
const stream = STREAMS.vipLounge;

describe('scenario 11: whose token it is', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the inspector says that another organisation’s token cannot play our streams', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'inspector-other-org', {
      storageState,
    });
    await page.goto('/inspector');
    // The embedded emulator serves the player too: its origin is the token service's.
    const session = (await (await page.request.get('/api/session')).json()) as {
      player: { embedUrl: string };
    };
    const emulator = new URL(session.player.embedUrl).origin;
    const minted = await fetch(`${emulator}/api/v1/splay`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bintu-token': SEEDED_CREDENTIALS.partnerMediaAdminToken,
      },
      body: JSON.stringify({ streams: ['PrtMd-NwsDk'] }),
    });
    const token = ((await minted.json()) as { data: { token: string } }).data.token;

    await page.getByRole('textbox', { name: 'Token' }).fill(token);
    await page.getByRole('button', { name: 'Inspect' }).click();
    const verdict = page.getByRole('status', { name: 'Valid, but for another organisation' });
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/cannot play streams of Demo Events/);
    expect(await verdict.textContent()).toContain('PrtMd');
    expect(await page.getByText('Valid token', { exact: true }).count()).toBe(0);
    await context.close();
  });

  it('an editor revokes a token of their own, and is told why not another’s', async () => {
    // As admin: an editor account and a revocable token of the admin's.
    const admin = await browser.newContext({
      baseURL: baseUrl,
      storageState: await signedInState(browser, ADMIN),
    });
    const adminPage = await admin.newPage();
    await confirmIdentity(adminPage);
    const headers = { 'x-csrf-token': await csrfTokenOf(adminPage) };
    const staff = await adminPage.request.post('/api/staff', {
      headers,
      data: { ...EDITOR, displayName: 'Edda Editor', role: 'editor' },
    });
    expect(staff.status(), await staff.text()).toBe(201);
    const adminTag = `e2e-admins-${stamp}`;
    const adminToken = await adminPage.request.post('/api/tokens', {
      headers,
      data: {
        target: { type: 'streams', streams: [stream.name] },
        revocable: true,
        tag: adminTag,
      },
    });
    expect(adminToken.status()).toBe(201);
    await admin.close();

    const { context, page } = await newPage(browser, baseUrl, 'editor-revokes-own');
    await signInThroughUi(page, EDITOR, CREATE_PAGE);
    const ownTag = `e2e-editors-${stamp}`;
    await createTokenFromNav(page, { streams: [stream.name], revocable: true, tag: ownTag });
    await closeCreatedDialog(page);

    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    const own = tokenRow(page, ownTag);
    await own
      .getByRole('button', { name: `Revoke token for ${stream.name}, tag ${ownTag}` })
      .click();
    await page
      .getByRole('dialog', { name: 'Revoke this token?' })
      .getByRole('button', { name: 'Revoke token' })
      .click();
    await page.getByRole('status').filter({ hasText: 'Token revoked.' }).waitFor();
    await own.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();

    const others = tokenRow(page, adminTag);
    expect(await others.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    await others.getByRole('button', { name: /^Details of token/ }).click();
    await page
      .getByRole('dialog', { name: 'Token details' })
      .getByText('Editors can revoke the tokens they created; this one needs an admin.')
      .waitFor();
    await context.close();
  });
});
