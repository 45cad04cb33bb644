/**
 * Streams of the emulator's seed (apps/emulator/src/seed/streams.ts): fixed ids and names, the
 * same on every start. The e2e package does not depend on the emulator, so they are named here.
 */
export const STREAMS = {
  cupFinal: { id: 'a1000000-0000-4000-8000-000000000001', name: 'DmEvt-CupFn' },
  concert: { id: 'a1000000-0000-4000-8000-000000000002', name: 'DmEvt-Cncrt' }, // ABR group
  arenaPrep: { id: 'a1000000-0000-4000-8000-000000000006', name: 'DmEvt-ArPrp' },
  jazzNight: { id: 'a1000000-0000-4000-8000-000000000007', name: 'DmEvt-JazzN' },
  derbyDay: { id: 'a1000000-0000-4000-8000-000000000008', name: 'DmEvt-Drby1' },
  pressRoom: { id: 'a1000000-0000-4000-8000-000000000009', name: 'DmEvt-Press' },
  vipLounge: { id: 'a1000000-0000-4000-8000-000000000010', name: 'DmEvt-VipLg' },
  backstage: { id: 'a1000000-0000-4000-8000-000000000011', name: 'DmEvt-Bkstg' },
  marathon: { id: 'a1000000-0000-4000-8000-000000000012', name: 'DmEvt-Mrthn' },
} as const;

/** Every stream group of "Demo Events" (plain streams and the ABR parent; not renditions). */
export const DEMO_EVENTS_GROUPS = Object.values(STREAMS);

/** A stream of another organisation ("Partner Media"): no Demo Events token may play it. */
export const OTHER_ORG_STREAM = { id: 'b1000000-0000-4000-8000-000000000001', name: 'PrtMd-NwsDk' };

/** The organisation API key of "Demo Events" (a seeded emulator credential, not a secret). */
export const DEMO_EVENTS_API_KEY = 'emu-apikey-demo-events';

/** Other seeded emulator credentials (not secrets: they only unlock the emulator). */
export const SEEDED_CREDENTIALS = {
  /** Starter Org: an organisation without the Secure Playback package. */
  starterOrgApiKey: 'emu-apikey-starter-org',
  /** Demo Events, nanoReadOnly. */
  demoEventsReadOnlyToken: 'emu-token-demo-events-readonly',
  /** Partner Media, nanoAdmin: mints tokens of another organisation. */
  partnerMediaAdminToken: 'emu-token-partner-media-admin',
} as const;

/** A live stream of Starter Org. */
export const STARTER_ORG_STREAM = {
  id: 'c1000000-0000-4000-8000-000000000001',
  name: 'StrtO-Wlcm1',
};
