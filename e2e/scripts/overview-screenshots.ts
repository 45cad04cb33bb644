/**
 * Screenshots of the event overview for README: `tsx scripts/overview-screenshots.ts` (after
 * `pnpm build`). Starts the built BFF on a fresh SQLite data directory, issues staff tokens and
 * a few hundred viewer tokens of three policies through the real API over a few minutes (an
 * audience arriving), adds a month of older history straight into the ledger as `pnpm bench`
 * seeds it, and saves event-overview{,-mobile,-dark}.png in docs/screenshots/.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { seedLedger } from '../../bench/src/lib/seed-sqlite.ts';
import { ADMIN } from '../src/accounts.ts';
import { launchBrowser } from '../src/chromium.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startProcess } from '../src/processes.ts';
import { STREAMS } from '../src/seed.ts';
import { settle } from '../src/ui.ts';

// The bench's own copy: the browser tests need no database driver.
const SQLite = createRequire(resolve(import.meta.dirname, '../../bench/package.json'))(
  'better-sqlite3',
) as new (file: string) => {
  pragma(source: string): unknown;
  prepare(source: string): { run(...values: unknown[]): unknown };
  exec(source: string): void;
  close(): void;
};
const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
const SITE = 'https://shop.example.test';
const WAVES = Number(process.env.WAVES ?? 8);

const port = await freePort();
const dataDir = freshDataDir();
const app = await startProcess(
  'pnpm',
  ['--filter', '@ptd/bff', 'start'],
  {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    TOKEN_CREATE_RATE_PER_MINUTE: '10000',
    PLAYBACK_TOKEN_RATE_PER_IP_PER_MINUTE: '100000',
    PLAYBACK_TOKEN_RATE_PER_POLICY_PER_MINUTE: '100000',
  },
  port,
  '/readyz',
);

async function api() {
  const signIn = await fetch(`${app.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => /ptd_session=/.test(pair));
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  return async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${app.url}/api${path}`, {
      method: 'POST',
      headers: {
        cookie: cookie ?? '',
        'x-csrf-token': csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

async function seed() {
  const post = await api();
  const policies: string[] = [];
  for (const [name, target] of [
    ['Cup final website', { type: 'group', groupId: STREAMS.cupFinal.id }],
    ['Concert app', { type: 'group', groupId: STREAMS.concert.id }],
    ['Jazz night partner page', { type: 'streams', streams: [STREAMS.jazzNight.name] }],
  ] as const) {
    const policy = await post<{ id: string }>('/policies', {
      name,
      target,
      allowedOrigins: [SITE],
      bindIp: false,
      lifetimeMinutes: 240,
    });
    policies.push(policy.id);
  }
  const streams = [STREAMS.cupFinal, STREAMS.pressRoom, STREAMS.vipLounge, STREAMS.backstage];
  for (let i = 0; i < 60; i += 1) {
    const stream = streams[i % streams.length]!;
    await post('/tokens', {
      target:
        i % 9 === 0
          ? { type: 'organisation' }
          : i % 5 === 0
            ? { type: 'group', groupId: STREAMS.concert.id }
            : { type: 'streams', streams: [stream.name] },
      expiresAt: new Date(Date.now() + ((i % 30) + 1) * 3_600_000).toISOString(),
      tag: ['press', 'vip', 'crew', 'partner'][i % 4],
    });
  }
  // An audience arriving: more viewers each minute, the website busiest.
  for (let wave = 0; wave < WAVES; wave += 1) {
    for (const [index, policy] of policies.entries()) {
      const count = Math.round((wave + 2) * [6, 3, 1.5][index]!);
      for (let v = 0; v < count; v += 1) {
        const response = await fetch(`${app.url}/playback-token`, {
          method: 'POST',
          headers: { origin: SITE, 'content-type': 'application/json' },
          body: JSON.stringify({ policy }),
        });
        if (!response.ok) throw new Error(`viewer: ${await response.text()}`);
      }
    }
    if (wave < WAVES - 1) await delay(60_000);
  }
  return policies;
}

/** A month of older history, as the bench seeds it, under this run's policies. */
function history(policies: string[]) {
  seedLedger(dataDir, 20_000, Date.now() - 2 * 3_600_000);
  const db = new SQLite(join(dataDir, 'dashboard.sqlite'));
  db.pragma('busy_timeout = 60000');
  ['pol-website', 'pol-app', 'pol-partner', 'pol-kiosk'].forEach((seeded, i) =>
    db.prepare('update ledger set policy_id = ? where policy_id = ?').run(policies[i % 3], seeded),
  );
  db.exec(`delete from ledger_hourly;
    insert into ledger_hourly (hour, kind, policy_id, tokens)
    select (created_at / 3600000) * 3600000, kind, coalesce(policy_id, ''), count(*)
    from ledger group by 1, 2, 3`);
  db.close();
}

async function shoot(page: Page, name: string) {
  await page.goto('/');
  try {
    await page
      .getByRole('region', { name: 'Tokens issued' })
      .locator('svg')
      .first()
      .waitFor({ timeout: 60_000 });
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, `${name}-failed.png`) });
    throw error;
  }
  await settle(page);
  await delay(500);
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.info(`saved ${path}`);
}

try {
  const policies = await seed();
  history(policies);
  const browser = await launchBrowser();
  for (const [name, viewport, colorScheme] of [
    ['event-overview', { width: 1440, height: 900 }, 'light'],
    ['event-overview-mobile', { width: 390, height: 844 }, 'light'],
    ['event-overview-dark', { width: 1440, height: 900 }, 'dark'],
  ] as const) {
    const context = await browser.newContext({
      baseURL: app.url,
      viewport,
      colorScheme,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await shoot(page, name);
    await context.close();
  }
  await browser.close();
} finally {
  await app.stop();
}
