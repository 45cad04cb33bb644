import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { copiedText, sharedBrowser, newPage } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signInThroughUi, STREAMS_PAGE } from '../src/session.ts';
import {
  closeCreatedDialog,
  createdDialog,
  decodeClaims,
  openCreatePage,
  readShownToken,
  readVerdict,
  chooseStream,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const FOURTEEN_DAYS_S = 14 * 24 * 3600;

describe('scenario 1: create a token from the side navigation and play it', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs in, creates a token with the default expiry, copies it and plays the stream', async () => {
    const { context, page } = await newPage(browser, baseUrl, 'create-and-play');
    await signInThroughUi(page, ADMIN, STREAMS_PAGE);

    const form = await openCreatePage(page);
    await chooseStream(form, STREAMS.marathon.name);
    // The default expiry is untouched: the 14-day preset is the chosen one.
    const preset = form.getByRole('group', { name: 'Valid for' });
    expect(await preset.getByRole('button', { name: '14 days' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    const before = Math.floor(Date.now() / 1000);
    await form.getByRole('button', { name: 'Create secure playback token' }).click();
    const dialog = createdDialog(page);
    await dialog.waitFor();
    const { token, playoutUrl } = await readShownToken(page);

    // What the dialog shows is a token for that stream, valid for 14 days from now.
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = decodeClaims(token);
    expect(claims.streams).toEqual([STREAMS.marathon.name]);
    expect(claims.exp - before).toBeGreaterThan(FOURTEEN_DAYS_S - 120);
    expect(claims.exp - before).toBeLessThanOrEqual(FOURTEEN_DAYS_S + 5);
    await dialog
      .getByRole('definition')
      .filter({ hasText: /in 14 days/ })
      .waitFor();

    // The copy button puts exactly the token on the clipboard.
    await dialog.getByRole('button', { name: 'Copy token' }).click();
    await dialog.getByRole('button', { name: 'Copied token' }).waitFor();
    expect(await copiedText(page)).toBe(token);

    // The web playout URL carries the token for the stream's group...
    expect(playoutUrl).not.toBeNull();
    const url = new URL(playoutUrl ?? '');
    expect(url.searchParams.get('group.id')).toBe(STREAMS.marathon.id);
    expect(url.searchParams.get('group.security.jwtoken')).toBe(token);

    // ...and "Open" shows the emulator's player page, which allows playback until exp.
    const [player] = await Promise.all([
      context.waitForEvent('page'),
      dialog.getByRole('link', { name: 'Open the web playout URL in a new tab' }).click(),
    ]);
    await player.waitForLoadState();
    expect(player.url()).toBe(playoutUrl);
    const verdict = await readVerdict(player);
    expect(verdict).toMatchObject({
      status: 200,
      verdict: 'allowed',
      reason: null,
      errorCode: null,
    });
    await player.getByRole('heading', { name: 'Playback allowed', level: 1 }).waitFor();
    // The page says until when the token is valid (and from when), as the token says.
    expect(verdict.validUntil).toBe(new Date(claims.exp * 1000).toISOString());
    expect(verdict.validFrom).toBe(new Date(claims.nbf * 1000).toISOString());
    await player.close();

    await closeCreatedDialog(page);
    await context.close();
  });
});
