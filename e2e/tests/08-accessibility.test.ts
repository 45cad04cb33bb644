import type { CreateTokenResponse } from '@ptd/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, describeViolations, type Violation } from '../src/a11y.ts';
import { ADMIN } from '../src/accounts.ts';
import { sharedBrowser, newPage } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import { staffApi } from '../src/staff-api.ts';
import {
  createdDialog,
  decodeClaims,
  mainNav,
  readShownToken,
  settle,
  tokenForm,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();

interface Scan {
  name: string;
  /** Gets there the way a person would: mostly by the side navigation (no reload). */
  open: (page: Page) => Promise<void>;
  /** What shows that the page has loaded its data. */
  ready: (page: Page) => Locator;
}

/** The token the page scan creates for itself (kept by the test, never by the browser). */
let scannedToken = '';

const byNav = (label: string) => (page: Page) =>
  mainNav(page).getByRole('link', { name: label }).click();

const SIGNED_IN_PAGES: Scan[] = [
  {
    name: 'event overview',
    open: async (page) => {
      await page.goto('/');
    },
    // The sentence at the end, with its link, comes with the figures.
    ready: (p) => p.getByRole('link', { name: 'Every token' }),
  },
  {
    name: 'streams',
    open: async (page) => {
      await page.goto('/streams');
    },
    ready: (p) => p.getByRole('table', { name: 'Streams' }).getByRole('link').first(),
  },
  {
    name: 'stream overview',
    open: (page) =>
      page
        .getByRole('table', { name: 'Streams' })
        .getByRole('link', { name: STREAMS.concert.name })
        .click(),
    ready: (p) => p.getByRole('region', { name: 'Playouts' }),
  },
  {
    name: 'create token',
    open: byNav('Secure playback token'),
    ready: (p) => tokenForm(p).getByRole('combobox', { name: 'Streams' }),
  },
  {
    name: 'playback tokens overview',
    open: byNav('Playback tokens'),
    ready: (p) => p.getByRole('table', { name: 'Playback tokens' }),
  },
  {
    name: 'token details',
    open: (page) =>
      page
        .getByRole('button', { name: /^Details of/ })
        .first()
        .click(),
    ready: (p) =>
      p.getByRole('dialog', { name: 'Token details' }).getByRole('button', {
        name: 'Close details',
      }),
  },
  {
    name: 'token inspector',
    open: async (page) => {
      // Close the details drawer first (it is modal).
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Token details' }).waitFor({ state: 'hidden' });
      await byNav('Token inspector')(page);
    },
    ready: (p) => p.getByRole('form', { name: 'Inspect a token' }),
  },
  {
    name: 'token inspector with a result',
    open: async (page) => {
      await page.getByRole('textbox', { name: 'Token' }).fill(scannedToken);
      await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    },
    ready: (p) => p.getByRole('region', { name: 'Inspection result' }).getByText('Valid token'),
  },
  {
    name: 'playback policies',
    open: byNav('Playback policies'),
    ready: (p) =>
      p
        .getByRole('heading', { name: 'No playback policies yet' })
        .or(p.getByRole('heading', { name: 'Playback policies', level: 1 })),
  },
  {
    name: 'staff',
    open: byNav('Staff'),
    ready: (p) => p.getByRole('main').getByText(ADMIN.email).first(),
  },
  {
    name: 'your sessions',
    open: async (page) => {
      await page.getByRole('button', { name: /^Account:/ }).click();
      await page.getByRole('menuitem', { name: 'Your sessions' }).click();
    },
    ready: (p) => p.getByRole('list', { name: 'Your sessions' }),
  },
  {
    name: 'audit log',
    open: byNav('Audit log'),
    ready: (p) => p.getByRole('main').getByText('Signed in').first(),
  },
  {
    name: 'create in bulk',
    open: async (page) => {
      await byNav('Playback tokens')(page);
      await page.getByRole('link', { name: 'Create in bulk' }).click();
    },
    ready: (p) => p.getByRole('button', { name: 'Choose CSV file' }),
  },
  {
    name: 'not found',
    open: async (page) => {
      await page.goto('/no-such-page');
    },
    ready: (p) => p.getByRole('heading', { name: 'Page not found', level: 1 }),
  },
];

/** Presses Tab (or Shift+Tab) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses`);
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);
const containsFocus = (locator: Locator) =>
  locator.evaluate((el) => el.contains(document.activeElement));

describe('scenario 8: accessibility', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the sign-in page has no axe violation', async () => {
    const { context, page } = await newPage(browser, baseUrl, 'a11y-sign-in', {
      bypassCSP: true,
    });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await settle(page);
    const violations = await axeViolations(page);
    expect(violations, describeViolations('sign-in', violations)).toEqual([]);
    await context.close();
  });

  it('moves nothing for someone who asked for less motion, and animates for the others', async () => {
    const motionOf = async (reducedMotion: 'reduce' | 'no-preference') => {
      const { context, page } = await newPage(browser, baseUrl, `a11y-motion-${reducedMotion}`, {
        reducedMotion,
      });
      await page.goto('/sign-in');
      const button = page.getByRole('button', { name: 'Sign in' });
      await button.waitFor();
      const motion = await button.evaluate((element) => {
        const style = getComputedStyle(element);
        return { transition: style.transitionDuration, iterations: style.animationIterationCount };
      });
      await context.close();
      return motion;
    };
    const seconds = (durations: string) => durations.split(',').map((d) => parseFloat(d));
    const reduced = await motionOf('reduce');
    expect(Math.max(...seconds(reduced.transition))).toBeLessThan(0.001);
    expect(reduced.iterations).toBe('1');
    const moving = await motionOf('no-preference');
    expect(Math.max(...seconds(moving.transition))).toBeGreaterThanOrEqual(0.1);
  });

  it('creates a token with the keyboard alone; the show-once dialog passes axe', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'a11y-keyboard', {
      storageState,
      bypassCSP: true,
    });
    const tag = `e2e-keyboard-${Date.now()}`;
    await page.goto('/streams');
    await page.getByRole('table', { name: 'Streams' }).waitFor();

    // The skip link shows itself when focused; on to the side navigation.
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await tabTo(page, skip);
    expect(await skip.evaluate((el) => el.getBoundingClientRect().top >= 0)).toBe(true);
    await tabTo(page, mainNav(page).getByRole('link', { name: 'Secure playback token' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Secure playback token', level: 1 }).waitFor();
    const form = tokenForm(page);

    // Target: the radio group moves with the arrow keys; back to "Stream(s)".
    const streamsRadio = form.getByRole('radio', { name: 'Stream(s)' });
    await tabTo(page, streamsRadio);
    await page.keyboard.press('ArrowRight');
    expect(await form.getByRole('radio', { name: 'Stream group' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await streamsRadio.isChecked()).toBe(true);

    // A stream: type to search, arrow down to it, Enter.
    await tabTo(page, form.getByRole('combobox', { name: 'Streams' }));
    await page.keyboard.type(STREAMS.marathon.name);
    // (Wait for the server's answer: until then the list still shows every stream.)
    await page
      .getByRole('listbox')
      .getByRole('option')
      .first()
      .filter({ hasText: STREAMS.marathon.name })
      .waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: STREAMS.marathon.name, exact: true }).waitFor();

    // Revocable with Space (the expiry follows to 24 hours), then the "1 hour" preset.
    const revocable = form.getByRole('switch', { name: 'Revocable' });
    await tabTo(page, revocable);
    await page.keyboard.press('Space');
    expect(await revocable.isChecked()).toBe(true);
    const oneHour = form.getByRole('group', { name: 'Valid for' }).getByRole('button', {
      name: '1 hour',
    });
    await tabTo(page, oneHour, { back: true });
    await page.keyboard.press('Enter');
    expect(await oneHour.getAttribute('aria-pressed')).toBe('true');

    await tabTo(page, form.getByRole('textbox', { name: 'Tag' }));
    await page.keyboard.type(tag);
    await tabTo(page, form.getByRole('button', { name: 'Create secure playback token' }));
    await page.keyboard.press('Enter');

    const dialog = createdDialog(page);
    await dialog.waitFor();
    await settle(page);
    expect(await containsFocus(dialog)).toBe(true);
    const { token } = await readShownToken(page);
    const claims = decodeClaims(token);
    expect(claims).toMatchObject({ streams: [STREAMS.marathon.name], revocable: true, tag });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);

    const violations = await axeViolations(page);
    expect(violations, describeViolations('show-once dialog', violations)).toEqual([]);

    // And out again: tick "I have copied the token" with Space, then Close with Enter.
    const copied = dialog.getByRole('checkbox', { name: 'I have copied the token' });
    await tabTo(page, copied);
    await page.keyboard.press('Space');
    await expect.poll(() => copied.isChecked()).toBe(true);
    await tabTo(page, dialog.getByRole('button', { name: 'Close', exact: true }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    // Focus lands on the page heading, not on <body>.
    const heading = page.getByRole('heading', { name: 'Secure playback token', level: 1 });
    await expect.poll(() => isFocused(heading)).toBe(true);
    await context.close();
  });

  it('every signed-in page has no axe violation', async () => {
    const storageState = await signedInState(browser, ADMIN);
    const { context, page } = await newPage(browser, baseUrl, 'a11y-pages', {
      storageState,
      bypassCSP: true,
    });
    // Its own token, so that the overview, its details and the inspector have one to show.
    const created = await (
      await staffApi(context)
    ).post<CreateTokenResponse>('/tokens', {
      target: { type: 'streams', streams: [STREAMS.marathon.name] },
      revocable: true,
      tag: `e2e-a11y-${Date.now()}`,
    });
    scannedToken = created.token;
    const found: string[] = [];
    for (const scan of SIGNED_IN_PAGES) {
      await scan.open(page);
      await scan.ready(page).waitFor();
      await page.locator('h1').waitFor();
      await settle(page);
      const violations: Violation[] = await axeViolations(page);
      if (violations.length > 0) found.push(describeViolations(scan.name, violations));
    }
    expect(found, found.join('\n')).toEqual([]);
    await context.close();
  });
});
