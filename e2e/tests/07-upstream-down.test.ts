import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { sharedBrowser, newPage } from '../src/browser.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startBff, startProcess, type Running } from '../src/processes.ts';
import { DEMO_EVENTS_API_KEY, STREAMS } from '../src/seed.ts';
import { signInThroughUi, STREAMS_PAGE } from '../src/session.ts';
import {
  chooseStream,
  createdDialog,
  ledgerTotal,
  mainNav,
  openCreatePage,
  tokenForm,
} from '../src/ui.ts';

/** Nothing listens on port 1: connecting is refused at once. */
const UNREACHABLE_TOKEN_SERVICE = 'http://127.0.0.1:1';

async function isDown(url: string) {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

/**
 * A second dashboard in remote mode: bintu is a standalone emulator (streams and the
 * organisation load), the token service cannot be reached.
 */
describe('scenario 7: the token service is unreachable', () => {
  let browser: Browser;
  let emulator: Running | undefined;
  let app: Running | undefined;

  beforeAll(async () => {
    const emulatorPort = await freePort();
    let appPort = await freePort();
    while (appPort === emulatorPort) appPort = await freePort();
    // Both start at once: the dashboard does not call bintu before the first request.
    const started = await Promise.allSettled([
      startProcess(
        'pnpm',
        ['--filter', '@ptd/emulator', 'start'],
        {
          EMULATOR_PORT: String(emulatorPort),
          EMULATOR_HOST: '127.0.0.1',
          EMULATOR_DATA_DIR: freshDataDir(),
        },
        emulatorPort,
        '/healthz',
      ),
      startBff(
        {
          PORT: String(appPort),
          HOST: '127.0.0.1',
          DATA_DIR: freshDataDir(),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          NANOSTREAM_TOKEN_API_URL: UNREACHABLE_TOKEN_SERVICE,
          NANOSTREAM_BINTU_API_URL: `http://127.0.0.1:${emulatorPort}`,
          NANOSTREAM_API_KEY: DEMO_EVENTS_API_KEY,
        },
        appPort,
        // Not /readyz: it is meant to fail here (the token service is down).
        '/healthz',
      ),
    ]);
    const [emulatorStart, appStart] = started;
    if (emulatorStart.status === 'fulfilled') emulator = emulatorStart.value;
    if (appStart.status === 'fulfilled') app = appStart.value;
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    browser = await sharedBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await emulator?.stop();
    // Both processes are gone: neither port answers any more.
    if (app) expect(await isDown(app.url)).toBe(true);
    if (emulator) expect(await isDown(emulator.url)).toBe(true);
  });

  it('creating shows a clear error and the overview gains no row', async () => {
    const baseUrl = app?.url ?? '';
    // Anyone is told not ready; a signed-in admin also which check failed.
    const readiness = await fetch(`${baseUrl}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: 'not-ready' });

    const { context, page } = await newPage(browser, baseUrl, 'upstream-down');
    await signInThroughUi(page, ADMIN, STREAMS_PAGE);
    const asAdmin = await page.request.get('/readyz');
    expect(asAdmin.status()).toBe(503);
    expect(await asAdmin.json()).toMatchObject({ checks: { upstream: 'failing' } });
    // bintu works: the streams of the organisation are listed.
    await page
      .getByRole('table', { name: 'Streams' })
      .getByRole('link', { name: STREAMS.cupFinal.name })
      .waitFor();

    const form = await openCreatePage(page);
    await chooseStream(form, STREAMS.cupFinal.name);
    await form.getByRole('textbox', { name: 'Tag' }).fill('e2e-upstream-down');
    await form.getByRole('button', { name: 'Create secure playback token' }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'token service cannot be reached' });
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe(
      'The nanoStream token service cannot be reached. Try again later.',
    );
    // No token dialog; the form keeps what was entered so that it can be sent again.
    expect(await createdDialog(page).count()).toBe(0);
    await tokenForm(page)
      .getByRole('button', { name: STREAMS.cupFinal.name, exact: true })
      .waitFor();
    expect(await tokenForm(page).getByRole('textbox', { name: 'Tag' }).inputValue()).toBe(
      'e2e-upstream-down',
    );

    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    await page.getByRole('heading', { name: 'No playback tokens yet' }).waitFor();
    expect(await page.getByRole('table', { name: 'Playback tokens' }).count()).toBe(0);
    expect(await ledgerTotal(page)).toBe(0);
    await context.close();
  });
});
