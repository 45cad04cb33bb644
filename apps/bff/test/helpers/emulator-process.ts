import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

export interface EmulatorProcess {
  url: string;
  close(): Promise<void>;
}

/**
 * The emulator as its own process (`emulator-main.ts`, bundled once per run by
 * test/processes/global-setup.ts) on 127.0.0.1, with its own data
 * directory: what BFF processes of a test share as their upstream (`env`: say,
 * EMULATOR_LATENCY_MS). Resolves once it listens.
 */
export async function startEmulatorProcess(
  env: Record<string, string> = {},
): Promise<EmulatorProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bff-emu-process-'));
  const bundled = path.join(inject('processBundle'), 'emulator-main.mjs');
  const child = spawn(process.execPath, [bundled], {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, EMULATOR_DATA_DIR: dataDir, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`the emulator ended before it listened:\n${output}`)));
  });
  return {
    url,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
