import { HttpError } from '../../lib/errors.ts';
import type { BulkRevocationOutcome } from '../../db/schema.ts';
import { BackgroundJobs, eachLimited, whileBeating } from '../jobs/background-jobs.ts';
import { revokeAs, type RevokeActor, type RevokeDeps } from './revoke.ts';

/** Revokes in flight at once: enough to be quick, few enough to spare the token service. */
export const BULK_CONCURRENCY = 8;
/** How often a running job says it is alive, and how long a silent one counts as running. */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 30_000;
const BATCH = 200;

/** Refusals that say "nothing to do here", not "it went wrong": skipped, not failed. */
const SKIPPED = new Set(['already-revoked', 'revoke-window-closed', 'not-revocable', 'not-issued']);

function outcomeOf(error: unknown): { outcome: BulkRevocationOutcome; message: string } {
  if (error instanceof HttpError) {
    if (SKIPPED.has(error.code) || error.statusCode === 404) {
      return { outcome: 'skipped', message: error.message };
    }
    return { outcome: 'failed', message: error.message };
  }
  return { outcome: 'failed', message: 'An unexpected error stopped this revoke. Try again.' };
}

/**
 * Works through a job's pending tokens, BULK_CONCURRENCY at a time, each through the one revoke
 * path (revocation pending first, the ledger and `token.revoke` entry on success), writing each
 * outcome as it comes, then the operation's own audit entry. What cannot be written is left
 * pending (the runner logs why), and the job shows as interrupted once its heartbeat stops.
 */
async function runBulkRevocation(
  deps: RevokeDeps,
  actor: RevokeActor,
  jobId: string,
  details: Record<string, unknown>,
  stopping: () => boolean,
) {
  const repo = deps.repos.ledger.bulkRevocations;
  const revokeOne = async (id: string) => {
    if (stopping()) return;
    let result: { outcome: BulkRevocationOutcome; message: string | null };
    try {
      await revokeAs(deps, actor, id);
      result = { outcome: 'revoked', message: null };
    } catch (error) {
      result = outcomeOf(error);
    }
    await repo.settle(jobId, id, result.outcome, result.message);
  };
  const revokeAll = async () => {
    for (;;) {
      if (stopping()) return false;
      const ids = await repo.pending(jobId, BATCH);
      if (ids.length === 0) return true;
      await eachLimited(ids, BULK_CONCURRENCY, revokeOne);
    }
  };
  const finish = async () => {
    const counts = await repo.counts(jobId);
    const entry = deps.repos.audit.row({
      action: 'token.bulk-revoke',
      actorId: actor.staff.id,
      subject: jobId,
      ip: actor.ip,
      details: {
        ...details,
        revoked: counts.revoked,
        skipped: counts.skipped,
        failed: counts.failed,
      },
    });
    await repo.finish(jobId, deps.now(), entry);
  };
  await whileBeating(
    HEARTBEAT_MS,
    () => repo.heartbeat(jobId, deps.now()),
    async () => {
      if ((await revokeAll()) && !stopping()) await finish();
    },
  );
}

/**
 * The jobs this process runs. Closing the app lets the revokes in flight finish and starts no
 * more: the job keeps its pending tokens, shows as interrupted once its heartbeat is stale,
 * and a retry (here or on another replica) takes it over.
 */
export class BulkRevocationRunner {
  private readonly jobs = new BackgroundJobs();

  constructor(private readonly deps: RevokeDeps) {}

  start(actor: RevokeActor, jobId: string, details: Record<string, unknown>) {
    this.jobs.run(
      () => runBulkRevocation(this.deps, actor, jobId, details, () => this.jobs.stopping),
      (error) =>
        actor.log.error({ err: (error as Error).message, jobId }, 'revoke by filter stopped'),
    );
  }

  close() {
    return this.jobs.close();
  }
}
