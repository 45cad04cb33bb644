import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../src/accounts.ts';
import { freePort } from '@ptd/node-testing';
import { freshDataDir, ROOT, userEnv } from '../src/processes.ts';

/** `pnpm start` as README says, ended the way a person ends it: Ctrl-C in its terminal. */

describe('pnpm start and Ctrl-C', () => {
  it('should end with exit code 0 and no failure reported by pnpm', async () => {
    const port = await freePort();
    // Its own process group, like a terminal's foreground job: Ctrl-C signals every process.
    const child = spawn('pnpm', ['start'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...userEnv(),
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: freshDataDir(),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    const deadline = Date.now() + 170_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(output);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    process.kill(-(child.pid as number), 'SIGINT');

    expect(await ended, output).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/ERR_PNPM|ELIFECYCLE|Command failed/);
  }, 200_000);
});
