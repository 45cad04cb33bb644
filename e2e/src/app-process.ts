import { ADMIN } from './accounts.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, startBff, startProcess, type Running } from './processes.ts';

/** A free port, a fresh data directory and the e2e admin, `env` on top. */
async function settings(env: Record<string, string>) {
  const port = await freePort();
  return {
    port,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: freshDataDir(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
  };
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
export async function startApp(): Promise<Running> {
  const { port, env } = await settings(SHARED_APP_ENV);
  return startProcess('pnpm', ['start'], env, port, '/readyz');
}

/**
 * Starts the built app alone (the BFF's start script, see `startBff`, after `pnpm build`) for a test
 * that needs settings of its own (another database, another nanoStream account, a shorter
 * window), with `env` on top.
 */
export async function startBuiltApp(extra: Record<string, string>): Promise<Running> {
  const { port, env } = await settings(extra);
  return startBff(env, port);
}
