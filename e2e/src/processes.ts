import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export const freshDataDir = () => mkdtempSync(join(tmpdir(), 'ptd-e2e-'));

export interface Running {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms:\n${output()}`);
}

/**
 * This process's environment without the test runner's NODE_ENV=test: `pnpm start` then builds
 * and runs the app as README's user gets it (the web app's production build, not React's
 * development build, which is larger and slower).
 */
export function userEnv(): NodeJS.ProcessEnv {
  const { NODE_ENV: _testRunner, ...inherited } = process.env;
  return inherited;
}

/**
 * Starts a command in its own process group and waits until `readyPath` answers 2xx. `cwd`:
 * relative to the repository's root (the root itself unless said).
 */
export async function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  readyPath: string,
  { timeoutMs = 180_000, cwd = '.' }: { timeoutMs?: number; cwd?: string } = {},
): Promise<Running> {
  let log = '';
  const child = spawn(command, args, {
    cwd: resolve(ROOT, cwd),
    env: { ...userEnv(), ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const output = () => log;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(url + readyPath, child, output, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output, stop };
}

/**
 * The built BFF on `port` with `env`, as `pnpm --filter @ptd/bff start` runs it (its package's
 * start script: `node dist/server.mjs` in apps/bff, NODE_ENV=production), without pnpm in front,
 * which adds about a second of CPU to every start on a machine the browser keeps busy.
 * `pnpm start` itself is what 12-start-stop runs.
 */
export function startBff(env: Record<string, string>, port: number, readyPath = '/readyz') {
  return startProcess(
    'node',
    ['dist/server.mjs'],
    { ...env, NODE_ENV: 'production' },
    port,
    readyPath,
    { cwd: 'apps/bff' },
  );
}
