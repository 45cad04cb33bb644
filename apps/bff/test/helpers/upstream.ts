import { SEED, startEmulator, type RunningEmulator } from '@ptd/emulator';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CREDENTIALS = SEED.credentials;

export interface TestEmulator extends RunningEmulator {
  dataDir: string;
}

/**
 * The real emulator over HTTP on 127.0.0.1, with its own data dir; with `latencyMs`, its API
 * answers that much later (the cloud a network away).
 */
export async function startTestEmulator(
  options: { latencyMs?: number } = {},
): Promise<TestEmulator> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bff-emu-'));
  const emulator = await startEmulator({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    latencyMs: options.latencyMs ?? 0,
  });
  return {
    ...emulator,
    dataDir,
    close: async () => {
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
