import { ADMIN } from './accounts.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startProcess, type Running } from './processes.ts';

/** `pnpm <args>` on a free port with a fresh data directory and the e2e admin, `env` on top. */
async function start(args: string[], env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  return startProcess(
    'pnpm',
    args,
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: freshDataDir(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    port,
    '/readyz',
  );
}

/** The settings of the apps that test files share (global-setup). */
export const SHARED_APP_ENV = {
  // Every browser test signs in from 127.0.0.1, dozens of times a minute when files run
  // back to back; the per-address limit itself is tested in the BFF suite.
  SIGN_IN_RATE_PER_MINUTE: '1000',
};

/**
 * Starts the app exactly as README says (`pnpm start`: install, build, start the BFF) on the
 * embedded emulator, with a fresh data directory and the e2e admin.
 */
export const startApp = () => start(['start'], SHARED_APP_ENV);

/**
 * Starts the built app alone (`pnpm --filter @ptd/bff start`, after `pnpm build`) for a test
 * that needs settings of its own (another database, another nanoStream account, a shorter
 * window), with `env` on top.
 */
export const startBuiltApp = (env: Record<string, string>) =>
  start(['--filter', '@ptd/bff', 'start'], env);
