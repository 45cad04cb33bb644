import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { sharedBrowser, newPage, screenshotOnFailure } from '../src/browser.ts';
import { STREAMS } from '../src/seed.ts';
import { signedInState } from '../src/session.ts';
import {
  chooseStream,
  createdDialog,
  fieldMessage,
  ledgerTotal,
  mainNav,
  messageIsUnderField,
  tokenForm,
  tokensTable,
} from '../src/ui.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const DAY_MS = 24 * 3600 * 1000;

/** `YYYY-MM-DDTHH:mm` in the page's local time zone: the value format of datetime-local. */
const localDateTime = (page: Page, offsetMs: number) =>
  page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, offsetMs);

/** The overview has loaded: its table, or the empty state when there are no tokens yet. */
const overviewLoaded = (page: Page) =>
  tokensTable(page)
    .or(page.getByRole('heading', { name: 'No playback tokens yet' }))
    .waitFor();

interface BadInput {
  name: string;
  /** The field that must carry the message. */
  field: (form: Locator) => Locator;
  enter: (form: Locator, page: Page) => Promise<void>;
  message: string;
}

const expiry = (form: Locator) => form.getByLabel('Expires (your local time)');

const CASES: BadInput[] = [
  {
    name: 'an expiry in the past',
    field: expiry,
    enter: async (form, page) => expiry(form).fill(await localDateTime(page, -DAY_MS)),
    message: 'Expiry: must be in the future. Pick a later date and time.',
  },
  {
    name: 'an expiry 366 days ahead',
    field: expiry,
    enter: async (form, page) => expiry(form).fill(await localDateTime(page, 366 * DAY_MS)),
    message: 'Expiry: at most 365 days ahead. Pick an earlier date.',
  },
  {
    name: 'a revocable token valid for 2 days',
    field: expiry,
    enter: async (form, page) => {
      await form.getByRole('switch', { name: 'Revocable' }).check();
      await expiry(form).fill(await localDateTime(page, 2 * DAY_MS));
    },
    message:
      'Expiry: a revocable token can be valid for at most 24 hours. Pick an earlier expiry or turn off Revocable.',
  },
  {
    name: 'an IPv6 client IP',
    field: (form) => form.getByRole('textbox', { name: 'Client IP' }),
    enter: (form) => form.getByRole('textbox', { name: 'Client IP' }).fill('2001:db8::7'),
    message:
      'Client IP: nanoStream Cloud binds tokens to IPv4 addresses only: IPv6 viewers reach it through NAT64. Enter the viewer’s public IPv4 address.',
  },
  {
    name: 'a wildcard domain',
    field: (form) => form.getByRole('textbox', { name: 'Domain' }),
    enter: (form) => form.getByRole('textbox', { name: 'Domain' }).fill('*.example.com'),
    message: 'Domain: Wildcards are not supported. Enter one host name such as www.example.com.',
  },
];

describe('scenario 6: bad input shows the field’s message and creates nothing', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let rowsBefore: number;
  let totalBefore: number;
  const creates: Request[] = [];

  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('counts the overview before', async () => {
    const storageState = await signedInState(browser, ADMIN);
    // Not UTC: the native date-time input is in local time and must be read as such.
    ({ context, page } = await newPage(browser, baseUrl, 'bad-input', {
      storageState,
      timezoneId: 'Europe/Berlin',
    }));
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/tokens') {
        creates.push(request);
      }
    });
    await page.goto('/tokens');
    await overviewLoaded(page);
    rowsBefore = await tokensTable(page).getByRole('row').count();
    totalBefore = await ledgerTotal(page);
  });

  for (const bad of CASES) {
    it(`refuses ${bad.name}`, async () => {
      screenshotOnFailure(context, `bad-input ${bad.name}`);
      await page.goto('/tokens/new');
      const form = tokenForm(page);
      await chooseStream(form, STREAMS.arenaPrep.name);
      await bad.enter(form, page);

      const field = bad.field(form);
      await form.getByText(bad.message).waitFor();
      expect(await fieldMessage(field)).toBe(bad.message);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await messageIsUnderField(field)).toBe(true);

      // Create is refused in the browser: the message stays, no request, no token dialog.
      await form.getByRole('button', { name: 'Create secure playback token' }).click();
      await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await fieldMessage(field)).toBe(bad.message);
      expect(await createdDialog(page).count()).toBe(0);
      expect(creates).toEqual([]);
    });
  }

  it('leaves the overview as it was', async () => {
    screenshotOnFailure(context, 'bad-input overview');
    expect(creates).toEqual([]);
    expect(await ledgerTotal(page)).toBe(totalBefore);
    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    await overviewLoaded(page);
    expect(await tokensTable(page).getByRole('row').count()).toBe(rowsBefore);
    await context.close();
  });
});
