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
 * then, for each further worker, the app it built once more with fresh data of its own. With
 * `E2E_APP_BUILT=1` (CI, right after `pnpm build`), each worker's app from that build.
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
    const workers = Math.max(1, project.config.maxWorkers);
    // CI has just built the app (and `12-start-stop` runs README's `pnpm start` whole): every
    // worker's app starts from that build at once, rather than one building it again first.
    if (process.env.E2E_APP_BUILT === '1') {
      const started = await Promise.allSettled(
        Array.from({ length: workers }, () => startBuiltApp(SHARED_APP_ENV)),
      );
      for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
      const failed = started.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    } else {
      apps.push(await startApp());
      while (apps.length < workers) apps.push(await startBuiltApp(SHARED_APP_ENV));
    }
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
