import { SEED, startEmulator, type RunningEmulator, type StreamRecord } from '@ptd/emulator';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const CREDENTIALS = SEED.credentials;

export interface TestEmulator extends RunningEmulator {
  dataDir: string;
}

export interface TestEmulatorOptions {
  latencyMs?: number;
  /** Streams beside the seed's. */
  streams?: readonly StreamRecord[];
}

/**
 * The real emulator over HTTP on 127.0.0.1, with its own data dir; with `latencyMs`, its API
 * answers that much later (the cloud a network away).
 */
export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bff-emu-'));
  const emulator = await startEmulator({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    latencyMs: options.latencyMs ?? 0,
    ...(options.streams ? { streams: options.streams } : {}),
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
