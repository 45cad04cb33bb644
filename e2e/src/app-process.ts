import { ADMIN } from './accounts.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startProcess, type Running } from './processes.ts';

/**
 * Starts the app exactly as README says (`pnpm start`: install, build, start the BFF) on the
 * embedded emulator, with a fresh data directory and the e2e admin.
 */
export async function startApp(): Promise<Running> {
  const port = await freePort();
  return startProcess(
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
}
