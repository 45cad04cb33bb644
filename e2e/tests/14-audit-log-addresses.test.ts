import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Account } from '../src/accounts.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { adminApi, signedInState } from '../src/session.ts';
import { appUrl } from '../src/app-url.ts';

const baseUrl = appUrl();
const stamp = Date.now();
/** An address as long as real ones get, with hyphens where a browser would like to break. */
const LONG: Account = {
  email: `maximiliane.oberhauser-lindqvist.${stamp}@events.broadcast-partner.example.com`,
  password: 'violet tangerine harbour 1987',
};
const UNKNOWN = `nobody-${stamp}.from-accounts-payable@finance.customer-example.org`;

/**
 * Where the text of every element showing `address` goes on to a new line, as the address
 * with a "|" at each break ("kim@|example.org"), one entry per element.
 */
function lineBreaksOf(page: Page, address: string) {
  return page.evaluate((address) => {
    const main = document.querySelector('main') ?? document.body;
    const hosts = Array.from(main.querySelectorAll('*')).filter(
      (el) =>
        el.textContent?.includes(address) &&
        !Array.from(el.children).some((child) => child.textContent?.includes(address)),
    );
    return hosts.map((host) => {
      const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
      const chars: { node: Text; offset: number }[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node as Text;
        for (let offset = 0; offset < text.data.length; offset += 1)
          chars.push({ node: text, offset });
      }
      const all = chars.map(({ node, offset }) => node.data[offset]).join('');
      const start = all.indexOf(address);
      const range = document.createRange();
      const tops = address.split('').map((_, i) => {
        const { node, offset } = chars[start + i]!;
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        return range.getClientRects()[0]?.top ?? Number.NaN;
      });
      let marked = address[0]!;
      for (let i = 1; i < address.length; i += 1) {
        marked += (tops[i]! > tops[i - 1]! + 4 ? '|' : '') + address[i];
      }
      return marked;
    });
  }, address);
}

/** A break is sensible right after the "@" or right before a dot; anywhere else it is not. */
const badBreaks = (marked: string) =>
  [...marked.matchAll(/\|/g)]
    .map((match) => match.index)
    .filter((at) => marked[at - 1] !== '@' && marked[at + 1] !== '.');

describe('the audit log’s email addresses', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await sharedBrowser();
    const { context, page, headers } = await adminApi(browser);
    const created = await page.request.post('/api/staff', {
      headers,
      data: { ...LONG, displayName: 'Maximiliane Oberhauser-Lindqvist', role: 'editor' },
    });
    expect(created.status(), await created.text()).toBe(201);
    // Entries with the long address as who (a sign-in) and as subject (a refused one).
    const member = await browser.newContext({ baseURL: baseUrl });
    expect((await member.request.post('/api/session', { data: LONG })).status()).toBe(200);
    const refused = await member.request.post('/api/session', {
      data: { email: UNKNOWN, password: 'not the password 1' },
    });
    expect(refused.status()).toBe(401);
    await member.close();
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([1440, 390])(
    'should wrap addresses only after the @ or before a dot at %i px',
    async (width) => {
      const { context, page } = await newPage(browser, baseUrl, `audit-addresses-${width}`, {
        storageState: await signedInState(browser, ADMIN),
        viewport: { width, height: 900 },
      });
      await page.goto('/audit');
      await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      await page.getByText(LONG.email).first().waitFor();

      const shown = [
        ...(await lineBreaksOf(page, LONG.email)),
        ...(await lineBreaksOf(page, UNKNOWN)),
        ...(await lineBreaksOf(page, ADMIN.email)),
      ];
      // Who (its sign-in) and details (its account added): on the page twice at least.
      expect(shown.filter((marked) => marked.includes('maximiliane')).length).toBeGreaterThan(1);
      expect(shown.some((marked) => marked.includes('nobody-'))).toBe(true);
      // The long address does not fit on one line anywhere here: this test sees breaks.
      expect(shown.some((marked) => marked.includes('|'))).toBe(true);
      expect(shown.filter((marked) => badBreaks(marked).length > 0)).toEqual([]);
      // On a desktop, a usual address stays on one line, in Who as anywhere else.
      if (width === 1440) {
        const admin = await lineBreaksOf(page, ADMIN.email);
        expect(admin.length).toBeGreaterThan(0);
        expect(admin.filter((marked) => marked.includes('|'))).toEqual([]);
      }
      await context.close();
    },
  );
});
