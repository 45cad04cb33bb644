/**
 * Screenshots of single sign-on for README: `pnpm --filter @ptd/e2e exec tsx
 * scripts/sso-screenshots.ts`. Starts `pnpm oidc:demo` and a dashboard configured for it
 * (src/sso-app.ts), saves to docs/screenshots/: the sign-in page at 1440x900 and 390x844, a
 * refusal, the provider's sign-in page and Staff with a single sign-on account.
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN } from '../src/accounts.ts';
import { launchBrowser } from '../src/chromium.ts';
import { startSsoApp } from '../src/sso-app.ts';
import { settle } from '../src/ui.ts';

const OUT = resolve(import.meta.dirname, '../../docs/screenshots');

async function shoot(page: Page, name: string) {
  await settle(page);
  // The page heading takes focus after a navigation (for screen readers); no ring in pictures.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  console.info(`saved ${path}`);
}

async function atProvider(page: Page, login: string, password: string) {
  await page.getByRole('link', { name: /^Sign in with/ }).click();
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(password);
}

const { app, provider } = await startSsoApp();
const browser = await launchBrowser();
try {
  for (const [suffix, viewport] of [
    ['', { width: 1440, height: 900 }],
    ['-mobile', { width: 390, height: 844 }],
  ] as const) {
    const context = await browser.newContext({
      baseURL: app.url,
      viewport,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: /^Sign in with/ }).waitFor();
    await shoot(page, `sign-in-sso${suffix}`);
    await context.close();
  }
  const context = await browser.newContext({
    baseURL: app.url,
    viewport: { width: 1440, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await atProvider(page, 'olga', 'olga password');
  await shoot(page, 'sso-provider-sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await shoot(page, 'sign-in-sso-refused');

  // Eddie joins through the provider (Olga's session there ends first); the admin then sees
  // him on Staff.
  await context.clearCookies();
  await atProvider(page, 'eddie', 'eddie password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await context.clearCookies();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN.email);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Streams', level: 1 }).waitFor();
  await page.goto('/staff');
  await page.getByText('Single sign-on').first().waitFor();
  await shoot(page, 'staff-sso');
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'staff-sso-mobile');
} finally {
  await browser.close();
  await app.stop();
  await provider.stop();
}
