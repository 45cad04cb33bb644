import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../db/repositories/audit.ts';
import type { PolicyRepository } from '../../db/repositories/policies.ts';
import type { KeyList } from '../../lib/crypto.ts';
import type { KeySetCache } from '../identity-keys/key-cache.ts';

/** What saving a playback policy works with; routes build it once (`policyDeps`). */
export interface PolicyDeps {
  repos: { policies: PolicyRepository; audit: AuditRepository };
  /** Milliseconds; the one clock every decision reads. */
  now: () => number;
  /** LEDGER_KEY: the first seals a policy's shared secret. */
  ledgerKeys: KeyList;
  /** Reads a site's key set (JWKS) under the fetch rules when its URL is saved. */
  identityKeys: Pick<KeySetCache, 'fetchNow'>;
}

export function policyDeps(app: FastifyInstance): PolicyDeps {
  const { policies, audit } = app.repos;
  return {
    repos: { policies, audit },
    now: app.now,
    ledgerKeys: app.ledgerKeys,
    identityKeys: app.identityKeys,
  };
}
