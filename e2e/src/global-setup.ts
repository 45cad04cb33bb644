import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startApp } from './app-process.ts';
import { launchBrowserServer } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Where signed-in browser states are kept between test files (one sign-in per account). */
    stateDir: string;
    /** The run's one Chromium, shared by every test file (each test has its own context). */
    browserWsEndpoint: string;
  }
}

/** Starts the app exactly as README says (`pnpm start`), on the embedded default, fresh data. */
export default async function setup(project: TestProject) {
  project.provide('stateDir', mkdtempSync(join(tmpdir(), 'ptd-e2e-state-')));
  const browser = await launchBrowserServer();
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  // While writing tests: E2E_BASE_URL points them at an app that is already running.
  const running = process.env.E2E_BASE_URL;
  const app = running
    ? undefined
    : await startApp().catch(async (error: unknown) => {
        await browser.close();
        throw error;
      });
  project.provide('baseUrl', app?.url ?? (running ?? '').replace(/\/$/, ''));
  return async () => {
    await browser.close();
    await app?.stop();
  };
}
