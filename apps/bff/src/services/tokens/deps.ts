import type { CredentialRole, Organisation } from '@ptd/contracts';
import type { AuditRepository } from '../../db/repositories/audit.ts';
import type { LedgerRepository } from '../../db/repositories/ledger.ts';
import type { KeyList } from '../../lib/crypto.ts';
import type { NanostreamClient } from '../../upstream/client.ts';

/**
 * What the token service works with, passed in rather than read off the app: routes pass the
 * app (it has all of it), tests build it from a database and the emulator.
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
  /** The credential's nanoStream role; null until nanoStream could tell. */
  credentialRole: () => Promise<CredentialRole | null>;
}

/** A ledger attempt's share of them (services/tokens/attempt.ts). */
export type AttemptDeps = Pick<TokenServiceDeps, 'repos' | 'now' | 'ledgerKeys'>;
