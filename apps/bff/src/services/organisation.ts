import type { Organisation } from '@ptd/contracts';
import type { NanostreamClient } from '../upstream/client.ts';

const TTL_MS = 60_000;

/**
 * The organisation behind the credential, cached for a minute: every page load asks for the
 * session (which includes it) and the answer changes only when nanocosmos changes packages.
 * Failures are not cached.
 */
export function organisationCache(client: NanostreamClient, now: () => number) {
  let cached: { value: Organisation; until: number } | undefined;
  return async (): Promise<Organisation> => {
    if (cached && cached.until > now()) return cached.value;
    const org = await client.getOrganisation();
    const value = { name: org.name, hash: org.hash, securePackage: org.packages.secure };
    cached = { value, until: now() + TTL_MS };
    return value;
  };
}
