import type { CredentialRole, Organisation } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import type { AuditRepository } from '../../db/repositories/audit.ts';
import type { LedgerRepository } from '../../db/repositories/ledger.ts';
import type { KeyList } from '../../lib/crypto.ts';
import type { NanostreamClient } from '../../upstream/client.ts';
import { liveCallLimitMs } from './live-call.ts';

/**
 * What the token services work with, passed in rather than read off the app: routes build it
 * once from the app (`tokenServiceDeps`), tests from a database and the emulator. Each service
 * takes only its share (`Pick<TokenServiceDeps, …>`).
 */
export interface TokenServiceDeps {
  repos: { ledger: LedgerRepository; audit: AuditRepository };
  nanostream: NanostreamClient;
  /** Milliseconds; the one clock every decision reads. */
  now: () => number;
  /** LEDGER_KEY: the first seals a revocable token, every one opens it. */
  ledgerKeys: KeyList;
  /** The credential's organisation (with its role), for minting. */
  organisation: () => Promise<Organisation>;
  /** Its bintu id: what its tokens carry as `sub` (the inspector's "whose token"). */
  organisationId: () => Promise<string>;
  /** The credential's nanoStream role; null until nanoStream could tell. */
  credentialRole: () => Promise<CredentialRole | null>;
  /** The longest a live call to the token service can take (see live-call.ts). */
  liveCallLimitMs: number;
}

/** A ledger attempt's share of them (services/tokens/attempt.ts). */
export type AttemptDeps = Pick<TokenServiceDeps, 'repos' | 'now' | 'ledgerKeys'>;

/** The token services' dependencies as the app has them. */
export function tokenServiceDeps(app: FastifyInstance): TokenServiceDeps {
  return {
    repos: { ledger: app.repos.ledger, audit: app.repos.audit },
    nanostream: app.nanostream,
    now: app.now,
    ledgerKeys: app.ledgerKeys,
    organisation: app.organisation,
    organisationId: app.organisationId,
    credentialRole: app.credentialRole,
    liveCallLimitMs: liveCallLimitMs(app.config),
  };
}
