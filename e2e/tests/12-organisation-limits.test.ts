import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { startBuiltApp } from '../src/app-process.ts';
import { newPage, sharedBrowser } from '../src/browser.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startProcess, type Running } from '../src/processes.ts';
import { SEEDED_CREDENTIALS, STARTER_ORG_STREAM, STREAMS } from '../src/seed.ts';
import { signInThroughUi } from '../src/session.ts';
import { mainNav } from '../src/ui.ts';

/** A second dashboard in remote mode against a standalone emulator, with `credential`. */
const dashboard = (emulatorUrl: string, credential: Record<string, string>) =>
  startBuiltApp({
    NANOSTREAM_TOKEN_API_URL: emulatorUrl,
    NANOSTREAM_BINTU_API_URL: emulatorUrl,
    ...credential,
  });

/**
 * Two more dashboards on one emulator: one for an organisation without the Secure Playback
 * package (Starter Org), one whose nanoStream credential is read-only.
 */
describe('scenario 12: what the organisation and the credential allow', () => {
  let browser: Browser;
  let emulator: Running | undefined;
  let noSecure: Running | undefined;
  let readOnly: Running | undefined;

  beforeAll(async () => {
    const emulatorPort = await freePort();
    emulator = await startProcess(
      'pnpm',
      ['--filter', '@ptd/emulator', 'start'],
      {
        EMULATOR_PORT: String(emulatorPort),
        EMULATOR_HOST: '127.0.0.1',
        EMULATOR_DATA_DIR: freshDataDir(),
      },
      emulatorPort,
      '/healthz',
    );
    const started = await Promise.allSettled([
      dashboard(emulator.url, { NANOSTREAM_API_KEY: SEEDED_CREDENTIALS.starterOrgApiKey }),
      dashboard(emulator.url, {
        NANOSTREAM_BINTU_TOKEN: SEEDED_CREDENTIALS.demoEventsReadOnlyToken,
      }),
    ]);
    if (started[0].status === 'fulfilled') noSecure = started[0].value;
    if (started[1].status === 'fulfilled') readOnly = started[1].value;
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    browser = await sharedBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await noSecure?.stop();
    await readOnly?.stop();
    await emulator?.stop();
  });

  it('says "Upgrade needed" wherever a create button would be, without the package', async () => {
    const baseUrl = noSecure?.url ?? '';
    const { context, page } = await newPage(browser, baseUrl, 'upgrade-needed');
    await signInThroughUi(page, ADMIN, {
      path: `/streams/${STARTER_ORG_STREAM.id}`,
      heading: STARTER_ORG_STREAM.name,
    });
    const main = page.getByRole('main');
    expect(await main.getByRole('button', { name: /^Create secure/ }).count()).toBe(0);
    // In the page header and in the Playouts section.
    expect(await main.getByRole('note', { name: 'Upgrade needed' }).count()).toBe(2);
    const note = main.getByRole('note', { name: 'Upgrade needed' }).first();
    expect(await note.textContent()).toMatch(/Ask nanocosmos to enable it/);

    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    await page.getByRole('heading', { name: 'Playback tokens', level: 1 }).waitFor();
    expect(await main.getByRole('link', { name: /^Create/ }).count()).toBe(0);
    await main.getByRole('note', { name: 'Upgrade needed' }).first().waitFor();
    await context.close();
  });

  it('names a read-only credential and turns creating and revoking off, saying why', async () => {
    const baseUrl = readOnly?.url ?? '';
    const { context, page } = await newPage(browser, baseUrl, 'read-only-credential');
    await signInThroughUi(page, ADMIN, {
      path: `/streams/${STREAMS.cupFinal.id}`,
      heading: STREAMS.cupFinal.name,
    });
    // The breakdown, the credential's role with it, is for a signed-in admin.
    const ready = (await (await page.request.get('/readyz')).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ status: 'ready', credentialRole: 'nanoReadOnly' });
    const create = page.getByRole('main').getByRole('button', {
      name: 'Create secure playback token',
    });
    expect(await create.count()).toBe(2);
    for (const button of await create.all()) {
      expect(await button.isDisabled()).toBe(true);
      const describedBy = (await button.getAttribute('aria-describedby')) ?? '';
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(
        /read-only \(nanoReadOnly\)/,
      );
    }

    await mainNav(page).getByRole('link', { name: 'Playback tokens' }).click();
    await page.getByRole('note', { name: 'Read-only credential' }).waitFor();
    expect(await page.getByRole('button', { name: 'Create token' }).isDisabled()).toBe(true);

    await page.goto('/tokens/new');
    await page.getByText('Token creation is off').waitFor();
    expect(await page.getByRole('form', { name: 'Secure playback token' }).count()).toBe(0);
    await context.close();
  });
});
