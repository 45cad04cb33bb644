import type { PlayerConfig } from '@ptd/contracts';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { BulkBatchRepository } from '../../db/repositories/bulk-batches.ts';
import type { StaffRepository } from '../../db/repositories/staff.ts';
import type { MintDeps } from '../tokens/create.ts';
import { tokenServiceDeps } from '../tokens/deps.ts';

/**
 * What tokens in bulk work with: the token service's share for minting, plus the batches, the
 * creators (their role is read again as the worker goes) and the worker's limits. Routes build
 * it once (`bulkDeps`); the worker is built from it.
 */
export interface BulkDeps extends Omit<MintDeps, 'repos'> {
  repos: MintDeps['repos'] & { batches: BulkBatchRepository; staff: StaffRepository };
  /** Where the worker's own failures go (a row's failure is written to the row). */
  log: FastifyBaseLogger;
  limits: Pick<Config['limits'], 'bulkMintPerSecond' | 'bulkMintConcurrency'>;
  /** For the web playout URLs of the results download. */
  player: PlayerConfig;
}

/** Tokens in bulk's dependencies as the app has them. */
export function bulkDeps(app: FastifyInstance): BulkDeps {
  const { repos, nanostream, now, ledgerKeys, organisation } = tokenServiceDeps(app);
  const { bulkMintPerSecond, bulkMintConcurrency } = app.config.limits;
  return {
    repos: { ...repos, batches: app.repos.batches, staff: app.repos.staff },
    nanostream,
    now,
    ledgerKeys,
    organisation,
    log: app.log,
    limits: { bulkMintPerSecond, bulkMintConcurrency },
    player: app.upstreamInfo.player,
  };
}
