import type { Organisation } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { NanostreamClient } from '../upstream/client.ts';
import { credentialRoleSource } from './credential-role.ts';

const TTL_MS = 60_000;

/** What the BFF knows of the credential's organisation; `id` is what its tokens carry as `sub`. */
export interface OrganisationFacts {
  id: string;
  name: string;
  hash: string;
  securePackage: boolean;
}

/**
 * The organisation behind the credential, cached for a minute: every page load asks for the
 * session (which includes it) and the answer changes only when nanocosmos changes packages.
 * Failures are not cached.
 */
export function organisationCache(client: NanostreamClient, now: () => number) {
  let cached: { value: OrganisationFacts; until: number } | undefined;
  return async (): Promise<OrganisationFacts> => {
    if (cached && cached.until > now()) return cached.value;
    const org = await client.getOrganisation();
    const value = {
      id: org.id,
      name: org.name,
      hash: org.hash,
      securePackage: org.packages.secure,
    };
    cached = { value, until: now() + TTL_MS };
    return value;
  };
}

/**
 * What the app tells of the credential (`fastify.organisation`, `organisationId`,
 * `credentialRole`), from the organisation cache and the role learnt once.
 */
export function credentialFacts(
  client: NanostreamClient,
  now: () => number,
  log: FastifyBaseLogger,
) {
  const facts = organisationCache(client, now);
  const role = credentialRoleSource(client, now, log);
  return {
    credentialRole: () => role.get(),
    organisationId: async () => (await facts()).id,
    organisation: async (): Promise<Organisation> => {
      const { name, hash, securePackage } = await facts();
      return { name, hash, securePackage, credentialRole: await role.get() };
    },
  };
}
