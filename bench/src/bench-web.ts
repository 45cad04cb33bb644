import { SEED } from '@ptd/emulator';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN, startBff } from './lib/bff.ts';
import { machine, writeResults } from './lib/results.ts';
import { CORE, ROOT, cleanup, runMain, tempDir } from './lib/processes.ts';
import { seedLedger } from './lib/seed-sqlite.ts';
import { round, summarize, type Summary } from './lib/stats.ts';
import { fmt, printTable, verdict } from './lib/table.ts';

/**
 * `pnpm bench:web`: the built app in headless Chromium, median of BENCH_WEB_RUNS (20) each:
 * sign-in first contentful paint; "Create secure playback token" → dialog visible; the
 * Playback tokens overview with 100,000 ledger rows → first rows visible. Times are taken in
 * the page (event timestamps, MutationObserver, the frame after), not by the driver.
 */

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 20);
const LEDGER_ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 100_000);
const DIALOG_BUDGET_MS = 100;
const VIEWPORT = { width: 1440, height: 900 };
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CREATE = 'Create secure playback token';
/** Between the button appearing (page settled) and the click. */
const SETTLE_MS = 1000;
const ROWS = 'table[aria-label="Playback tokens"] tbody tr';
const STREAM_ID = SEED.streams.cupFinal.id;

/**
 * In the page, before anything runs: `__benchWatch(condition)` resolves with the time (page
 * clock, ms) of the frame that first shows `condition` true: the MutationObserver sees the DOM
 * change, then the next animation frame and a task after it (the frame has been painted).
 */
function pageHelpers() {
  type Check = () => boolean;
  const w = window as unknown as Record<string, unknown>;
  w.__benchWatch = (check: Check) =>
    new Promise<number>((resolve) => {
      const painted = () =>
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
      if (check()) return painted();
      const observer = new MutationObserver(() => {
        if (!check()) return;
        observer.disconnect();
        painted();
      });
      observer.observe(document, { childList: true, subtree: true, attributes: true });
    });
  /** The timestamp of the next trusted click (when the input happened). */
  w.__benchNextClick = () =>
    new Promise<number>((resolve) =>
      document.addEventListener('click', (e) => resolve(e.timeStamp), {
        capture: true,
        once: true,
      }),
    );
}

async function ensureBuilt() {
  if (existsSync(join(ROOT, 'apps/web/dist/index.html'))) return;
  console.info('apps/web/dist is missing: running `pnpm build` first');
  const build = spawnSync('pnpm', ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('pnpm build failed');
}

async function newPage(browser: Browser, baseURL: string, storage?: string) {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORT,
    ...(storage ? { storageState: storage } : {}),
  });
  // tsx (esbuild, keepNames) wraps named functions in `__name(...)`: give the page a no-op one
  // so functions passed to evaluate() and addInitScript() run there as written.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await context.addInitScript(pageHelpers);
  return { context, page: await context.newPage() };
}

/** First contentful paint of /sign-in in a fresh context (cold cache, no session). */
async function signInPaint(browser: Browser, baseURL: string) {
  const { context, page } = await newPage(browser, baseURL);
  await page.goto('/sign-in', { waitUntil: 'load' });
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const fcp = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const entry = performance.getEntriesByName('first-contentful-paint')[0];
        if (entry) return resolve(entry.startTime);
        new PerformanceObserver((list) => {
          const first = list.getEntriesByName('first-contentful-paint')[0];
          if (first) resolve(first.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  await context.close();
  return fcp;
}

async function signedInState(browser: Browser, baseURL: string) {
  const { context, page } = await newPage(browser, baseURL);
  await page.goto('/sign-in');
  await page.locator('input[name="email"]').fill(ADMIN.email);
  await page.locator('input[name="password"]').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  const file = join(tempDir('storage'), 'state.json');
  await context.storageState({ path: file });
  await context.close();
  return file;
}

/**
 * Click → the frame showing the dialog, and → the frame showing its form (submit button). The
 * click comes as a person's would: the page has loaded and settled, and a second has passed
 * since the button appeared (the page may use that time, as it does to prepare the form).
 */
async function dialogOpen(page: Page) {
  await page.goto(`/streams/${STREAM_ID}`);
  const button = page.getByRole('button', { name: CREATE });
  await button.waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(SETTLE_MS);
  await page.evaluate(() => {
    const w = window as unknown as Record<string, (check?: () => boolean) => Promise<number>>;
    // Only a dialog on screen counts (a closed one may be kept in the document, hidden).
    const dialog = () =>
      [...document.querySelectorAll('[role="dialog"]')].find((d) =>
        d.checkVisibility({ visibilityProperty: true, opacityProperty: false }),
      );
    const form = () =>
      [...(dialog()?.querySelectorAll('button') ?? [])].some(
        (b) => b.textContent?.trim() === 'Create secure playback token',
      );
    (window as unknown as Record<string, unknown>).__bench = Promise.all([
      w.__benchNextClick!(),
      w.__benchWatch!(() => dialog() !== undefined),
      w.__benchWatch!(form),
    ]);
  });
  await button.click();
  const [clicked, shell, form] = await page.evaluate(
    () => (window as unknown as Record<string, Promise<number[]>>).__bench!,
  );
  return { shell: (shell ?? 0) - (clicked ?? 0), form: (form ?? 0) - (clicked ?? 0) };
}

/** From the streams page, click "Playback tokens" in the navigation → first rows painted. */
async function overviewByNavigation(page: Page) {
  await page.goto('/streams');
  const link = page.getByRole('link', { name: 'Playback tokens', exact: true }).first();
  await link.waitFor();
  await page.evaluate((rows) => {
    const w = window as unknown as Record<string, (check?: () => boolean) => Promise<number>>;
    (window as unknown as Record<string, unknown>).__bench = Promise.all([
      w.__benchNextClick!(),
      w.__benchWatch!(() => document.querySelector(rows) !== null),
    ]);
  }, ROWS);
  await link.click();
  const [clicked, rows] = await page.evaluate(
    () => (window as unknown as Record<string, Promise<number[]>>).__bench!,
  );
  return (rows ?? 0) - (clicked ?? 0);
}

/** A full load of /tokens (warm HTTP cache, signed in): navigation start → first rows painted. */
async function overviewDirect(page: Page) {
  await page.goto('about:blank');
  await page.goto('/tokens', { waitUntil: 'commit' });
  return page.evaluate((rows) => {
    const w = window as unknown as Record<string, (check?: () => boolean) => Promise<number>>;
    return w.__benchWatch!(() => document.querySelector(rows) !== null);
  }, ROWS);
}

async function repeat<T>(label: string, fn: () => Promise<T>): Promise<T[]> {
  process.stderr.write(`  ${label}: ${RUNS} runs\n`);
  const out: T[] = [];
  for (let i = 0; i < RUNS; i += 1) out.push(await fn());
  return out;
}

await runMain(async () => {
  const host = machine();
  await ensureBuilt();
  const bff = await startBff({ cores: CORE.all });
  process.stderr.write(`seeding ${LEDGER_ROWS} ledger rows\n`);
  const seed = seedLedger(bff.dataDir, LEDGER_ROWS);
  // A fresh user-data-dir; every measured page gets its own new context in this browser.
  const persistent = await chromium.launchPersistentContext(tempDir('chromium'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
  const browser = persistent.browser();
  if (!browser) throw new Error('Chromium: no browser behind the persistent context');
  let context: BrowserContext | undefined;
  try {
    const fcp = await repeat('sign-in first contentful paint', () => signInPaint(browser, bff.url));
    const storage = await signedInState(browser, bff.url);
    const opened = await newPage(browser, bff.url, storage);
    context = opened.context;
    const page = opened.page;
    const dialog = await repeat('create dialog', () => dialogOpen(page));
    const nav = await repeat('overview (navigation)', () => overviewByNavigation(page));
    const direct = await repeat('overview (page load)', () => overviewDirect(page));

    const rows: Array<{ name: string; summary: Summary; budget?: boolean }> = [
      { name: 'sign-in page: first contentful paint (cold cache)', summary: summarize(fcp) },
      {
        name: `click "${CREATE}" → dialog painted`,
        summary: summarize(dialog.map((d) => d.shell)),
      },
      {
        name: `click "${CREATE}" → dialog with its form painted`,
        summary: summarize(dialog.map((d) => d.form)),
      },
      {
        name: `click "Playback tokens" → first rows painted (${seed.rows} rows)`,
        summary: summarize(nav),
      },
      {
        name: `load /tokens → first rows painted (${seed.rows} rows)`,
        summary: summarize(direct),
      },
    ];
    const dialogMet = rows[2]!.summary.median <= DIALOG_BUDGET_MS;
    printTable(
      `Browser (headless Chromium ${browser.version()}, ${VIEWPORT.width}×${VIEWPORT.height}, ${RUNS} runs each; budget: dialog ≤ ${DIALOG_BUDGET_MS} ms)`,
      ['measure', 'median ms', 'p95 ms', 'min ms', 'max ms', 'budget'],
      rows.map((r, i) => [
        r.name,
        fmt(r.summary.median, 1),
        fmt(r.summary.p95, 1),
        fmt(r.summary.min, 1),
        fmt(r.summary.max, 1),
        i === 2 ? verdict(dialogMet) : '',
      ]),
    );
    const file = writeResults('bench-web', {
      startedAt: new Date().toISOString(),
      machine: host,
      chromium: browser.version(),
      runs: RUNS,
      ledgerRows: seed.rows,
      budget: { dialogMs: DIALOG_BUDGET_MS, met: dialogMet },
      results: rows.map((r) => ({
        name: r.name,
        ...Object.fromEntries(Object.entries(r.summary).map(([k, v]) => [k, round(v, 1)])),
      })),
      raw: { fcp, dialog, overviewNavigation: nav, overviewDirect: direct },
    });
    console.info(`\nResults: ${relative(ROOT, file)}`);
  } finally {
    await context?.close();
    await persistent.close();
    await cleanup();
  }
});
