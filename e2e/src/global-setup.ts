import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { SHARED_APP_ENV, startApp, startBuiltApp } from './app-process.ts';
import { launchBrowserServer } from './chromium.ts';
import type { Running } from './processes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One running app per worker, by worker (see `appUrl`). */
    baseUrls: string[];
    /** Where signed-in browser states are kept between test files (one sign-in per account). */
    stateDir: string;
    /** The run's one Chromium, shared by every test file (each test has its own context). */
    browserWsEndpoint: string;
  }
}

/**
 * Starts the app exactly as README says (`pnpm start`), on the embedded default, fresh data;
 * then, for each further worker, the app it built once more with fresh data of its own.
 */
export default async function setup(project: TestProject) {
  project.provide('stateDir', mkdtempSync(join(tmpdir(), 'ptd-e2e-state-')));
  const browser = await launchBrowserServer();
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  const apps: Running[] = [];
  const stop = async () => {
    await browser.close();
    await Promise.all(apps.map((app) => app.stop()));
  };
  // While writing tests: E2E_BASE_URL points them at an app that is already running.
  const running = process.env.E2E_BASE_URL;
  if (running) {
    project.provide('baseUrls', [running.replace(/\/$/, '')]);
    return stop;
  }
  try {
    apps.push(await startApp());
    const workers = Math.max(1, project.config.maxWorkers);
    while (apps.length < workers) apps.push(await startBuiltApp(SHARED_APP_ENV));
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide(
    'baseUrls',
    apps.map((app) => app.url),
  );
  return stop;
}
