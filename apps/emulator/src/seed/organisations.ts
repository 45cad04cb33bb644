import type { Organisation } from './types.ts';

/** Fixed ids so tests, the BFF's defaults and the README can name them. */
export const SEED_ORGANISATIONS = {
  demoEvents: {
    id: 'a0000000-0000-4000-8000-000000000000',
    name: 'Demo Events',
    hash: 'DmEvt',
    packages: { secure: true, h5live: true, transcoding: true, webcaster: true },
  },
  partnerMedia: {
    id: 'b0000000-0000-4000-8000-000000000000',
    name: 'Partner Media',
    hash: 'PrtMd',
    packages: { secure: true, h5live: true, transcoding: false, webcaster: true },
  },
  // Without the secure package: token creation is refused and playback needs no token.
  starterOrg: {
    id: 'c0000000-0000-4000-8000-000000000000',
    name: 'Starter Org',
    hash: 'StrtO',
    packages: { secure: false, h5live: true, transcoding: false, webcaster: false },
  },
} as const satisfies Record<string, Organisation>;

/**
 * Seeded credentials. Readable on purpose: they only unlock this emulator. API keys go in
 * `X-BINTU-APIKEY`, bintu tokens in `X-BINTU-TOKEN`.
 */
export const SEED_CREDENTIALS = {
  demoEvents: {
    apiKey: 'emu-apikey-demo-events',
    adminToken: 'emu-token-demo-events-admin',
    userToken: 'emu-token-demo-events-user',
    readonlyToken: 'emu-token-demo-events-readonly',
  },
  partnerMedia: {
    apiKey: 'emu-apikey-partner-media',
    adminToken: 'emu-token-partner-media-admin',
  },
  starterOrg: {
    apiKey: 'emu-apikey-starter-org',
  },
} as const;
