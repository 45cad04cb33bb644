import { can } from '@ptd/contracts';
import { setTimeout as delay } from 'node:timers/promises';
import { HttpError } from '../../lib/errors.ts';
import { slowDownMs, UpstreamBusy } from '../../upstream/errors.ts';
import type { BulkRevocationOutcome } from '../../db/schema.ts';
import type { StaffRepository } from '../../db/repositories/staff.ts';
import { BackgroundJobs, eachLimited, whileBeating } from '../jobs/background-jobs.ts';
import { revokeAs, type RevokeActor, type RevokeDeps } from './revoke.ts';

/** Revokes in flight at once: enough to be quick, few enough to spare the token service. */
export const BULK_CONCURRENCY = 8;
/** How often a running job says it is alive, and how long a silent one counts as running. */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 30_000;
const BATCH = 200;
/** How often a token waiting for the token service looks at the clock and at the job. */
const STOP_CHECK_MS = 250;

/** Refusals that say "nothing to do here", not "it went wrong": skipped, not failed. */
const SKIPPED = new Set(['already-revoked', 'revoke-window-closed', 'not-revocable', 'not-issued']);

/** Where the runner reads the person who started a job again, before each revoke. */
export type StaffLookup = Pick<StaffRepository, 'byId'>;

const starterGone = () =>
  new HttpError(
    403,
    'starter-not-allowed',
    'The staff member who started this revoke by filter may no longer revoke tokens, so this one was not revoked.',
  );

/**
 * The actor as the account is now: a disabled account or a role without `revokeToken` revokes
 * nothing more, and a lowered role revokes by its own rule (an editor: their own tokens only).
 */
async function currentActor(staff: StaffLookup, actor: RevokeActor): Promise<RevokeActor> {
  const now = await staff.byId(actor.staff.id);
  if (!now || now.disabled || !can(now.role, 'revokeToken')) throw starterGone();
  return { ...actor, staff: { id: now.id, role: now.role } };
}

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
 * outcome as it comes, then the operation's own audit entry. A token the token service answers
 * "too many requests" for is asked for again once the wait its Retry-After asks for has passed
 * (`slowDownMs`: within 1 s and 60 s; 5 s when it does not say, as a bulk batch's row). The
 * starter's account is read again before each token: disabling it or lowering its role takes
 * effect on the next one; so is whether someone stopped the job (Stop revoking), and once it
 * was, the revokes in flight finish and the rest are left as they are (`endStoppedJob`). What
 * cannot be written is left pending (the runner logs why), and the job shows as interrupted
 * once its heartbeat stops. A runner that stops with the app hands the job over at once.
 * Everything it writes is conditional on the job still being its run's (`runId`): a runner that
 * stalled past STALE_MS and finds at a beat or a settle that another replica took the job over
 * stops there, its pending tokens left to the new run, settling nothing more and writing no end.
 */
async function runBulkRevocation(
  deps: RevokeDeps,
  staff: StaffLookup,
  actor: RevokeActor,
  jobId: string,
  runId: string,
  details: Record<string, unknown>,
  stopping: () => boolean,
) {
  const repo = deps.repos.ledger.bulkRevocations;
  /** Who stopped the job (Stop revoking), once a look before a token or a beat saw it. */
  let stoppedBy: string | null = null;
  /** Set once a beat or a settle found the job taken over by another run. */
  let lost = false;
  const losing = () => {
    if (!lost) actor.log.warn({ jobId }, 'revoke by filter taken over by another runner');
    lost = true;
  };
  const halted = () => stopping() || stoppedBy !== null || lost;
  /** Waits out the token service's "slow down"; false when the job is stopping meanwhile. */
  const slowDown = async (retryAfter: string | undefined) => {
    const until = deps.now() + slowDownMs(retryAfter, deps.now());
    while (deps.now() < until) {
      if (halted()) return false;
      await delay(STOP_CHECK_MS, undefined, { ref: false });
    }
    return !halted();
  };
  /**
   * Read again before each token: whether someone stopped the job, and the starter's account.
   * Null when the job was stopped: the token is left as it is.
   */
  const before = async () => {
    stoppedBy ??= await repo.stoppedBy(jobId);
    return stoppedBy === null ? currentActor(staff, actor) : null;
  };
  const revokeOne = async (id: string) => {
    let result: { outcome: BulkRevocationOutcome; message: string | null } | undefined;
    while (!result) {
      // Left pending: whoever takes the job over goes on with it; a stopped job's end marks
      // it stopped.
      if (halted()) return;
      try {
        const current = await before();
        if (!current) return;
        await revokeAs(deps, current, id);
        result = { outcome: 'revoked', message: null };
      } catch (error) {
        // Too many requests is not this token's failure: it waits and is asked for again.
        if (error instanceof HttpError && error.code === 'upstream-busy') {
          if (!(await slowDown(error instanceof UpstreamBusy ? error.retryAfter : undefined))) {
            return;
          }
          continue;
        }
        result = outcomeOf(error);
      }
    }
    // Taken over meanwhile: the outcome is the new run's to write.
    if (lost) return;
    if (!(await repo.settle(jobId, runId, id, result.outcome, result.message))) losing();
  };
  const revokeAll = async () => {
    for (;;) {
      if (stopping() || lost) return false;
      if (stoppedBy !== null) return true;
      const ids = await repo.pending(jobId, BATCH);
      if (ids.length === 0) return true;
      await eachLimited(ids, BULK_CONCURRENCY, revokeOne);
    }
  };
  /** Set once the run ends the job: a beat then finds it done, not taken over. */
  let ending = false;
  const finish = async () => {
    ending = true;
    // A stop that came after the last token still ends the job as stopped.
    stoppedBy ??= await repo.stoppedBy(jobId);
    if (stoppedBy === null) {
      const counts = await repo.counts(jobId);
      const entry = endEntry(deps, jobId, actor, details, counts);
      if (await repo.finish(jobId, runId, deps.now(), entry)) {
        return;
      }
      // Stopped since the look above (or ended elsewhere): it ends as stopped, once.
      stoppedBy = await repo.stoppedBy(jobId);
      if (stoppedBy === null) return;
    }
    await endStoppedJob(deps, jobId, runId, actor, details, stoppedBy);
  };
  const beat = async () => {
    if (lost || ending) return;
    if (!(await repo.heartbeat(jobId, runId, deps.now()))) {
      // Ended or taken over; ended by this run only after its last beat.
      losing();
      return;
    }
    // Tokens waiting out a "slow down" stop waiting once the job is stopped.
    stoppedBy ??= await repo.stoppedBy(jobId);
  };
  await beat();
  const done = await whileBeating(HEARTBEAT_MS, beat, async () => {
    if (!(await revokeAll()) || stopping() || lost) return false;
    await finish();
    return true;
  });
  // Stopped before the end: the rest is another runner's at once, not after STALE_MS.
  if (!done && !lost) await repo.release(jobId, runId);
}

/**
 * Ends a stopped job (Stop revoking): its pending tokens are settled from the ledger (revoked
 * there, or still in flight) or left as they are (`stopped`, never sent), and its
 * `token.bulk-revoke` entry, by its runner, says it was stopped, by whom, and how many revokes
 * were still in flight (`sent`).
 */
export async function endStoppedJob(
  deps: Pick<RevokeDeps, 'repos' | 'now'>,
  jobId: string,
  runId: string,
  actor: { staff: { id: string }; ip: string | null },
  details: Record<string, unknown>,
  stoppedBy: string,
) {
  await deps.repos.ledger.bulkRevocations.endStopped(jobId, runId, deps.now(), (counts) =>
    // `sent`: revokes in flight when it ended, which the ledger settles (see `counts`).
    endEntry(deps, jobId, actor, details, counts, {
      stopped: counts.stopped,
      sent: counts.pending,
      stoppedBy,
    }),
  );
}

/** A job's `token.bulk-revoke` entry, by its starter: what became of its tokens. */
function endEntry(
  deps: Pick<RevokeDeps, 'repos'>,
  jobId: string,
  actor: { staff: { id: string }; ip: string | null },
  details: Record<string, unknown>,
  counts: { revoked: number; skipped: number; failed: number },
  more: Record<string, unknown> = {},
) {
  return deps.repos.audit.row({
    action: 'token.bulk-revoke',
    actorId: actor.staff.id,
    subject: jobId,
    ip: actor.ip,
    details: {
      ...details,
      revoked: counts.revoked,
      skipped: counts.skipped,
      failed: counts.failed,
      ...more,
    },
  });
}

/**
 * The jobs this process runs. Closing the app lets the revokes in flight finish and starts no
 * more: the job keeps its pending tokens and its heartbeat goes stale at once, so the next
 * replica that looks (`watch`) takes it over; a retry does too.
 */
export class BulkRevocationRunner {
  private readonly jobs = new BackgroundJobs();
  private closing = false;
  private timer: NodeJS.Timeout | undefined;
  private looking: Promise<void> | undefined;

  constructor(
    private readonly deps: RevokeDeps,
    private readonly staff: StaffLookup,
  ) {}

  /** Calls `resume` now and every HEARTBEAT_MS until closed, one call at a time. */
  watch(resume: () => Promise<void>) {
    const look = () => {
      if (this.closing || this.looking) return;
      // `resume` logs its own failures; the next look tries again.
      this.looking = resume()
        .catch(() => undefined)
        .finally(() => {
          this.looking = undefined;
        });
    };
    this.timer = setInterval(look, HEARTBEAT_MS);
    this.timer.unref();
    look();
  }

  /**
   * Runs `claim`, which claims a job (a new job's row, a retry's claim) and passes it to
   * `start`, such that closing waits for it (`BackgroundJobs.claim`): a job claimed while the
   * app closes is then handed over with the running ones. Without that wait, one claimed just
   * after the jobs stopped was never run, and another replica took it over only once its
   * heartbeat was STALE_MS old. Once closing has begun: 503 `stopping`. Requests received while
   * the replica drains (before closing) still start their job here: it is handed over when the
   * drain ends, and the person who asked sees no error.
   */
  claimAndStart<T>(claim: () => Promise<T>): Promise<T> {
    return this.jobs.claim(claim);
  }

  /** Runs job `jobId` as run `runId`, the one its creation, retry or takeover recorded. */
  start(actor: RevokeActor, jobId: string, runId: string, details: Record<string, unknown>) {
    this.jobs.run(
      () =>
        runBulkRevocation(this.deps, this.staff, actor, jobId, runId, details, () => {
          return this.jobs.stopping;
        }),
      (error) =>
        actor.log.error({ err: (error as Error).message, jobId }, 'revoke by filter stopped'),
    );
  }

  async close() {
    this.closing = true;
    clearInterval(this.timer);
    // Jobs that a request or a look has claimed are started before the jobs stop, so that they
    // are handed over with the rest rather than left claimed.
    await this.jobs.stopClaiming(this.looking);
    await this.jobs.close();
  }
}
