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
      // Every browser test signs in from 127.0.0.1, dozens of times a minute when files run
      // back to back; the per-address limit itself is tested in the BFF suite.
      SIGN_IN_RATE_PER_MINUTE: '1000',
    },
    port,
    '/readyz',
  );
}
