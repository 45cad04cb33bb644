import type { TestProject } from 'vitest/node';
import { ADMIN } from './accounts.ts';
import { freePort, freshDataDir, startProcess } from './processes.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Starts the app exactly as README says (`pnpm start`), on the embedded default, fresh data. */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const app = await startProcess(
    'pnpm',
    ['start'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: freshDataDir(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
    port,
    '/readyz',
  );
  project.provide('baseUrl', app.url);
  return async () => {
    await app.stop();
  };
}
