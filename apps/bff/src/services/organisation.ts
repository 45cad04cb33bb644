import type { NanostreamClient } from '../upstream/client.ts';

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
