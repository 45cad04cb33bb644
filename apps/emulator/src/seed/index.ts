import { SEED_CREDENTIALS, SEED_ORGANISATIONS } from './organisations.ts';
import { SEED_ABR_GROUP_ID, SEED_STREAMS } from './streams.ts';
import type { Credential, Organisation, StreamRecord } from './types.ts';

export type { Credential, CredentialKind, Organisation, Role, StreamRecord } from './types.ts';

/**
 * The deterministic demo data every emulator starts from (documented in the README).
 * Rebuilt identically on each start; streams created at runtime live in memory only.
 */
export const SEED = {
  organisations: SEED_ORGANISATIONS,
  credentials: SEED_CREDENTIALS,
  streams: SEED_STREAMS,
  abrGroupId: SEED_ABR_GROUP_ID,
} as const;

export type Seed = typeof SEED;

export function seedOrganisations(): Organisation[] {
  return Object.values(SEED.organisations).map((org) => structuredClone(org) as Organisation);
}

export function seedStreams(): StreamRecord[] {
  return Object.values(SEED.streams).map((s) => ({ ...s, tags: [...s.tags] }));
}

/** Every seeded credential with the organisation and role it stands for. */
export function seedCredentials(): Credential[] {
  const { demoEvents, partnerMedia, starterOrg } = SEED.credentials;
  const orgs = SEED.organisations;
  return [
    { kind: 'apikey', value: demoEvents.apiKey, orgId: orgs.demoEvents.id, role: 'admin' },
    { kind: 'token', value: demoEvents.adminToken, orgId: orgs.demoEvents.id, role: 'admin' },
    { kind: 'token', value: demoEvents.userToken, orgId: orgs.demoEvents.id, role: 'user' },
    { kind: 'token', value: demoEvents.readonlyToken, orgId: orgs.demoEvents.id, role: 'readonly' },
    { kind: 'apikey', value: partnerMedia.apiKey, orgId: orgs.partnerMedia.id, role: 'admin' },
    { kind: 'token', value: partnerMedia.adminToken, orgId: orgs.partnerMedia.id, role: 'admin' },
    { kind: 'apikey', value: starterOrg.apiKey, orgId: orgs.starterOrg.id, role: 'admin' },
  ];
}
