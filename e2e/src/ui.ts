import type { BrowserContext, Locator, Page } from 'playwright-core';
import { decodeToken } from '@ptd/contracts';
import { expect } from 'vitest';

/** Helpers that drive the dashboard the way a person does: by roles, names and labels. */

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until CSS transitions and animations that end (dialogs fading in, drawers) have ended. */
export async function settle(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** The token form, on its page or in the stream overview's dialog. */
export const tokenForm = (page: Page) => page.getByRole('form', { name: 'Secure playback token' });

export const createdDialog = (page: Page) =>
  page.getByRole('dialog', { name: 'Secure playback token created' });

export const tokensTable = (page: Page) => page.getByRole('table', { name: 'Playback tokens' });

/** The overview row of the token with this (test-unique) tag. */
export const tokenRow = (page: Page, tag: string) =>
  tokensTable(page).getByRole('row').filter({ hasText: tag });

/** Picks a stream in the form's "Streams" search and waits for its chip. */
export async function chooseStream(form: Locator, name: string) {
  const page = form.page();
  await form.getByRole('combobox', { name: 'Streams' }).fill(name);
  await page
    .getByRole('listbox')
    .getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}\\b`) })
    .click();
  await form.getByRole('button', { name, exact: true }).waitFor();
}

export interface TokenInput {
  /** Stream names for a streams target (the default target). */
  streams?: string[];
  organisation?: boolean;
  revocable?: boolean;
  ip?: string;
  /** Confirm a private or special client IP ("Use this address anyway"), as in a lab. */
  confirmIp?: boolean;
  domain?: string;
  tag?: string;
}

/** Fills the token form; anything not given keeps the form's default. */
export async function fillTokenForm(form: Locator, input: TokenInput) {
  if (input.organisation) {
    await form.getByRole('radio', { name: 'Entire organisation' }).check();
  }
  for (const name of input.streams ?? []) await chooseStream(form, name);
  if (input.revocable) await form.getByRole('switch', { name: 'Revocable' }).check();
  if (input.ip !== undefined) await form.getByRole('textbox', { name: 'Client IP' }).fill(input.ip);
  if (input.confirmIp) {
    await form.getByRole('checkbox', { name: /^Use this address anyway/ }).check();
  }
  if (input.domain !== undefined) {
    await form.getByRole('textbox', { name: 'Domain' }).fill(input.domain);
  }
  if (input.tag !== undefined) await form.getByRole('textbox', { name: 'Tag' }).fill(input.tag);
}

export interface ShownToken {
  token: string;
  /** The web playout URL the dialog offers, when it can build one. */
  playoutUrl: string | null;
}

const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

/** Submits the form and reads the token (and playout URL) from the show-once dialog. */
export async function submitTokenForm(form: Locator): Promise<ShownToken> {
  const page = form.page();
  await form.getByRole('button', { name: 'Create secure playback token' }).click();
  const dialog = createdDialog(page);
  await dialog.waitFor();
  return readShownToken(page);
}

export async function readShownToken(page: Page): Promise<ShownToken> {
  const dialog = createdDialog(page);
  const token = await text(dialog.getByRole('region', { name: 'Token', exact: true }));
  const url = dialog.getByRole('region', { name: 'Web playout URL' });
  const playoutUrl = (await url.count()) > 0 ? await text(url) : null;
  return { token, playoutUrl };
}

/** Closes the show-once dialog the sanctioned way: "I have copied the token", then Close. */
export async function closeCreatedDialog(page: Page) {
  const dialog = createdDialog(page);
  await dialog.getByRole('checkbox', { name: 'I have copied the token' }).check();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Opens the create page from the side navigation (a blank tab opens it at its address). */
export async function openCreatePage(page: Page) {
  if (page.url() === 'about:blank') await page.goto('/tokens/new');
  else await mainNav(page).getByRole('link', { name: 'Secure playback token' }).click();
  await page.getByRole('heading', { name: 'Secure playback token', level: 1 }).waitFor();
  return tokenForm(page);
}

/** Creates a token on the create page (reached from the side navigation); the dialog stays open. */
export async function createTokenFromNav(page: Page, input: TokenInput): Promise<ShownToken> {
  const form = page.url().endsWith('/tokens/new') ? tokenForm(page) : await openCreatePage(page);
  await fillTokenForm(form, input);
  return submitTokenForm(form);
}

export interface JwtClaims {
  [claim: string]: unknown;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

/** The claims of a compact JWS (no verification: the player page is the judge). */
export function decodeClaims(token: string): JwtClaims {
  const decoded = decodeToken(token);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.token.claims as JwtClaims;
}

/** The playout URL for another stream group, in the same format as the dashboard's. */
export function playoutUrlFor(playoutUrl: string, groupId: string) {
  const url = new URL(playoutUrl);
  url.searchParams.set('group.id', groupId);
  return url.toString();
}

export interface PlayerVerdict {
  status: number;
  verdict: string | null;
  reason: string | null;
  errorCode: string | null;
  /** What the page says went wrong (its alert), when denied. */
  summary: string | null;
  /** ISO instants of the "Valid from" / "Valid until" lines, when the page shows them. */
  validFrom: string | null;
  validUntil: string | null;
}

export interface PlayerVisit {
  url: string;
  /** The page that embeds the player (sent as Referer). */
  referer?: string;
}

/**
 * Opens the emulator's player page for each visit, in one new tab of `context`, reads each
 * verdict (the markers on <html>) and closes the tab again: a tab left open in the background
 * would slow the dashboard tab's animations (and so every click on it) down.
 */
export async function playerVerdicts(
  context: BrowserContext,
  visits: PlayerVisit[],
): Promise<PlayerVerdict[]> {
  const page = await context.newPage();
  try {
    const verdicts: PlayerVerdict[] = [];
    for (const { url, referer } of visits) {
      await page.goto(url, referer ? { referer } : undefined);
      verdicts.push(await readVerdict(page));
    }
    return verdicts;
  } finally {
    await page.close();
  }
}

/** The player page's verdict for one URL (see `playerVerdicts`). */
export async function playerVerdict(
  context: BrowserContext,
  url: string,
  referer?: string,
): Promise<PlayerVerdict> {
  const [verdict] = await playerVerdicts(context, [{ url, referer }]);
  if (!verdict) throw new Error('no verdict');
  return verdict;
}

/** The verdict of the player page shown in `page` (e.g. a tab the dashboard opened). */
export async function readVerdict(page: Page): Promise<PlayerVerdict> {
  const html = page.locator('html');
  await page.locator('html[data-verdict]').waitFor({ state: 'attached' });
  const status = await page.evaluate(
    () =>
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
        ?.responseStatus ?? 0,
  );
  const optional = async (locator: Locator, read: (l: Locator) => Promise<string | null>) =>
    (await locator.count()) > 0 ? read(locator) : null;
  const time = (label: string) =>
    optional(page.locator(`dt:text-is("${label}") + dd time`), (l) => l.getAttribute('datetime'));
  return {
    status,
    verdict: await html.getAttribute('data-verdict'),
    reason: await html.getAttribute('data-reason'),
    errorCode: await html.getAttribute('data-error-code'),
    summary: await optional(page.getByRole('alert'), (l) => l.textContent()),
    validFrom: await time('Valid from'),
    validUntil: await time('Valid until'),
  };
}

/**
 * Everything the page keeps where script can read it: Web Storage, every IndexedDB database's
 * records, Cache Storage, cookies visible to script, the URL and the history entry's state.
 */
export function readPageStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump = (storage: Storage) =>
      Object.fromEntries(
        Array.from({ length: storage.length }, (_, i) => {
          const key = storage.key(i) ?? '';
          return [key, storage.getItem(key)];
        }),
      );
    const request = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const indexed: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await request(db.transaction(store, 'readonly').objectStore(store).getAll());
        indexed[`${info.name}/${store}`] = all;
      }
      db.close();
    }
    const cached: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      cached[name] = (await cache.keys()).map((r) => r.url);
    }
    return JSON.stringify({
      localStorage: dump(localStorage),
      sessionStorage: dump(sessionStorage),
      indexedDB: indexed,
      caches: cached,
      cookie: document.cookie,
      href: location.href,
      historyState: history.state as unknown,
    });
  });
}

/** The page's DOM as markup, plus the current values of its form fields (not in the markup). */
export async function readDom(page: Page): Promise<string> {
  const values = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input, textarea, select'), (el) =>
      'value' in el ? String(el.value) : '',
    ).join('\n'),
  );
  return `${await page.content()}\n${values}`;
}

/** The signature, the part of a JWS no other token shares: any copy of a token includes it. */
export const signatureOf = (token: string) => token.split('.')[2] ?? token;

/** The message under a form field (its helper text, linked by aria-describedby). */
export async function fieldMessage(field: Locator): Promise<string> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
  const texts = await Promise.all(ids.map((id) => text(field.page().locator(`[id="${id}"]`))));
  return texts.join(' ').trim();
}

/** True when the field's message is drawn below the field itself. */
export async function messageIsUnderField(field: Locator): Promise<boolean> {
  const id = (await field.getAttribute('aria-describedby'))?.split(/\s+/)[0];
  if (!id) return false;
  const input = await field.boundingBox();
  const message = await field.page().locator(`[id="${id}"]`).boundingBox();
  if (!input || !message) return false;
  const overlapsHorizontally =
    message.x < input.x + input.width && input.x < message.x + message.width;
  return message.y >= input.y + input.height - 1 && overlapsHorizontally;
}

/** The CSRF token of the page's session (sent as `x-csrf-token` on state-changing requests). */
export async function csrfTokenOf(page: Page): Promise<string> {
  const response = await page.request.get('/api/session');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** How many tokens the ledger holds, as the BFF reports it to the page's session. */
export async function ledgerTotal(page: Page): Promise<number> {
  const response = await page.request.get('/api/tokens?pageSize=1');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { total: number }).total;
}
