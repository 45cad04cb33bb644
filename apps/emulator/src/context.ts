import { Directory } from './auth.ts';
import { seedCredentials, seedOrganisations, seedStreams } from './seed/index.ts';
import { RevocationStore } from './store/revocations.ts';
import { loadSigningKey } from './store/signing-key.ts';
import type { SigningKey } from './store/signing-key.ts';
import type { StreamRecord } from './seed/types.ts';
import { StreamStore } from './store/streams.ts';

/** Everything the routes share. One per emulator instance; nothing is module-global. */
export interface EmulatorContext {
  /** Milliseconds; the single source of time for every decision. */
  now: () => number;
  /** Whole UNIX seconds, the unit of JWT claims. */
  nowSeconds: () => number;
  key: SigningKey;
  revocations: RevocationStore;
  streams: StreamStore;
  directory: Directory;
}

export async function createContext(
  dataDir: string,
  now: () => number,
  /** Streams beside the seed's. */
  streams: readonly StreamRecord[] = [],
): Promise<EmulatorContext> {
  const key = await loadSigningKey(dataDir);
  return {
    now,
    nowSeconds: () => Math.floor(now() / 1000),
    key,
    revocations: await RevocationStore.open(dataDir),
    streams: new StreamStore([...seedStreams(), ...streams]),
    directory: new Directory(seedOrganisations(), seedCredentials()),
  };
}
