import path from 'node:path';
import type { Credential } from '../config.ts';
import { Secret } from '../lib/secret.ts';

export interface EmbeddedUpstream {
  url: string;
  credential: Credential;
  close(): Promise<void>;
}

/**
 * The no-configuration default: the local nanoStream Cloud emulator, in this process, on a
 * loopback port, acting as "Demo Events" with its seeded admin bintu token. Imported lazily so
 * a remote deployment never loads it.
 */
export async function startEmbeddedUpstream(dataDir: string, port = 0): Promise<EmbeddedUpstream> {
  const { startEmulator, SEED } = await import('@ptd/emulator');
  const emulator = await startEmulator({
    dataDir: path.join(dataDir, 'emulator'),
    host: '127.0.0.1',
    port,
    logger: false,
  });
  return {
    url: emulator.url,
    credential: { kind: 'token', value: new Secret(SEED.credentials.demoEvents.adminToken) },
    close: () => emulator.close(),
  };
}
