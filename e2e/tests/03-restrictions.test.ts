import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { newPage, screenshotOnFailure, sharedBrowser } from '../src/browser.ts';
import { DEMO_EVENTS_GROUPS, OTHER_ORG_STREAM, STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import {
  closeCreatedDialog,
  createdDialog,
  createTokenFromNav,
  decodeClaims,
  playerVerdicts,
  playoutUrlFor,
  type ShownToken,
  type TokenInput,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();

/**
 * The player page decides on the connecting socket address and on the Referer's host (or the
 * Host header's when no Referer is sent); see apps/emulator/src/player/decide.ts. The browser
 * connects from 127.0.0.1 and, opening the URL directly, sends no Referer.
 *
 * The tests share one signed-in tab on the create page: each creates its token there.
 */
describe('scenario 3: restrictions hold on the player page', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  /** The shared tab (made by the first test, so that its failure hook belongs to a test). */
  async function dashboard(name: string) {
    if (context) {
      screenshotOnFailure(context, name);
    } else {
      const storageState = await signedInState(browser, ADMIN);
      ({ context, page } = await newPage(browser, baseUrl, name, { storageState }));
    }
  }

  /** Creates a token on the create page and closes the show-once dialog again. */
  async function create(input: TokenInput): Promise<ShownToken> {
    const shown = await createTokenFromNav(page, input);
    await closeCreatedDialog(page);
    return shown;
  }

  it('denies a token bound to another client IP, and plays one bound to the viewer’s', async () => {
    await dashboard('restrictions-ip');
    const other = await createTokenFromNav(page, {
      streams: [STREAMS.cupFinal.name],
      ip: '10.9.8.7',
      // A private address: the form asks to confirm it (here the "lab" is this machine).
      confirmIp: true,
    });
    // The dialog says why its own link will not play.
    await createdDialog(page)
      .getByRole('note')
      .filter({ hasText: 'bound to the client IP 10.9.8.7' })
      .waitFor();
    await closeCreatedDialog(page);
    expect(decodeClaims(other.token).ip).toBe('10.9.8.7');
    // Control: the same restriction with the browser's own address.
    const own = await create({
      streams: [STREAMS.cupFinal.name],
      ip: '127.0.0.1',
      confirmIp: true,
    });

    const [denied, allowed] = await playerVerdicts(context, [
      { url: other.playoutUrl ?? '' },
      { url: own.playoutUrl ?? '' },
    ]);
    expect(denied).toMatchObject({
      status: 403,
      verdict: 'denied',
      reason: 'ip-mismatch',
      errorCode: '4908',
      summary: expect.stringContaining('bound to a different client IP address'),
    });
    expect(allowed).toMatchObject({ status: 200, verdict: 'allowed' });
  });

  it('denies a token bound to another referring domain, and plays it from that domain', async () => {
    await dashboard('restrictions-domain');
    const shown = await create({ streams: [STREAMS.cupFinal.name], domain: 'www.example.com' });
    expect(decodeClaims(shown.token).domain).toBe('www.example.com');
    const url = shown.playoutUrl ?? '';

    const [direct, elsewhere, embedded] = await playerVerdicts(context, [
      // Opened directly: no Referer, so the host compared is 127.0.0.1.
      { url },
      { url, referer: 'https://evil.example.net/watch' },
      // Control: embedded in a page of www.example.com.
      { url, referer: 'https://www.example.com/live/final' },
    ]);
    expect(direct).toMatchObject({
      status: 403,
      verdict: 'denied',
      reason: 'referer-mismatch',
      errorCode: '4909',
      summary: expect.stringContaining('bound to a different domain'),
    });
    expect(elsewhere).toMatchObject({ verdict: 'denied', reason: 'referer-mismatch' });
    expect(embedded).toMatchObject({ status: 200, verdict: 'allowed' });
  });

  it('denies a token for stream A when it is used for stream B', async () => {
    await dashboard('restrictions-stream');
    const shown = await create({ streams: [STREAMS.cupFinal.name] });
    const urlA = shown.playoutUrl ?? '';
    expect(new URL(urlA).searchParams.get('group.id')).toBe(STREAMS.cupFinal.id);
    // The same URL format, for stream B.
    const urlB = playoutUrlFor(urlA, STREAMS.pressRoom.id);

    const [a, b] = await playerVerdicts(context, [{ url: urlA }, { url: urlB }]);
    expect(a).toMatchObject({ status: 200, verdict: 'allowed' });
    expect(b).toMatchObject({
      status: 403,
      verdict: 'denied',
      reason: 'out-of-scope',
      errorCode: '4907',
    });
  });

  it('plays an organisation-wide token on every stream of the organisation, and no other', async () => {
    await dashboard('restrictions-organisation');
    const shown = await createTokenFromNav(page, { organisation: true });
    const claims = decodeClaims(shown.token);
    expect(claims.orgawide).toBe(true);
    expect(claims.streams).toBeUndefined();

    // An org-wide token names no stream: the dialog asks for one to build the links with.
    const dialog = createdDialog(page);
    expect(shown.playoutUrl).toBeNull();
    await dialog
      .getByRole('combobox', { name: 'Stream for the URL and snippets' })
      .fill(STREAMS.marathon.name);
    await page
      .getByRole('listbox')
      .getByRole('option', { name: new RegExp(`^${STREAMS.marathon.name}\\b`) })
      .click();
    const url = (
      (await dialog.getByRole('region', { name: 'Web playout URL' }).textContent()) ?? ''
    ).trim();
    expect(new URL(url).searchParams.get('group.id')).toBe(STREAMS.marathon.id);
    expect(new URL(url).searchParams.get('group.security.jwtoken')).toBe(shown.token);
    await closeCreatedDialog(page);

    const verdicts = await playerVerdicts(
      context,
      [...DEMO_EVENTS_GROUPS, OTHER_ORG_STREAM].map((s) => ({ url: playoutUrlFor(url, s.id) })),
    );
    DEMO_EVENTS_GROUPS.forEach((stream, i) =>
      expect(verdicts[i], stream.name).toMatchObject({ status: 200, verdict: 'allowed' }),
    );
    // A stream of another organisation is out of its scope.
    expect(verdicts.at(-1)).toMatchObject({ verdict: 'denied', reason: 'out-of-scope' });
  });
});
