import { createTokenRequestSchema } from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { BulkRowRow } from '../../db/repositories/bulk-batches.ts';
import type { StaffRow } from '../../db/repositories/staff.ts';
import { seal } from '../../lib/crypto.ts';
import { HttpError } from '../../lib/errors.ts';
import { slowDownMs, UpstreamBusy } from '../../upstream/errors.ts';
import { mintToken } from '../tokens/create.ts';
import { creatorMayMint, finishedAudit } from './batch-facts.ts';
import type { BulkDeps } from './deps.ts';
import { Pacer } from './rate.ts';
import { BackgroundJobs, eachLimited, whileBeating } from '../jobs/background-jobs.ts';
import { rowContext } from '../../lib/crypto-contexts.ts';

/** A worker's hold on a batch; renewed while it works, taken over once it runs out. */
export const BATCH_LEASE_MS = 10_000;
const RENEW_EVERY_MS = 3_000;
const POLL_EVERY_MS = 2_000;
/** Tokens nobody downloaded are erased this long after minting ended. */
export const RESULTS_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
const EXPIRE_EVERY_MS = 60 * 60 * 1000;

const INTERRUPTED = {
  code: 'interrupted',
  message:
    'The dashboard stopped while this token was being issued, so it was not handed out (Playback tokens lists it as never delivered if the token service made it). Retry to issue it again.',
};
/** The token service made the row's token and the ledger has it; only its value was lost. */
const mintedNotKept = (revocable: boolean) => ({
  code: 'minted-not-kept',
  message: `The dashboard stopped right after this token was issued: the token exists, is in the ledger and is valid until its expiry, but its value could not be kept, so it cannot be downloaded.${revocable ? ' It can be revoked in Playback tokens.' : ''} Retry to issue another token for this row.`,
});
const NOT_VALID_NOW =
  'It was not minted: its values were checked again when its turn came. Create a new batch for this row with new values.';
const CREATOR_GONE =
  'The staff member who created this batch may no longer create tokens, so the rest of it was not minted.';

/** A row's failure in the dashboard's words (HttpError messages are ours already). */
function reasonOf(error: unknown): { code: string; message: string } {
  if (error instanceof HttpError) return { code: error.code, message: error.message };
  return {
    code: 'internal',
    message: 'The dashboard could not issue this token because of an internal error. Retry it.',
  };
}

/**
 * Mints the rows of batches in the background, each through the same path as a single token
 * (services/tokens/create.ts), at most `concurrency` at a time and `perSecond` per second in
 * this process. One worker per process; on a shared PostgreSQL a lease keeps each batch with
 * one replica at a time, and a batch whose worker stopped is resumed by whichever polls next.
 */
export class BulkWorker {
  readonly owner = randomUUID();
  private readonly jobs = new BackgroundJobs();
  private readonly pacer: Pacer;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private expiredAt = 0;

  constructor(private readonly deps: BulkDeps) {
    this.pacer = new Pacer(deps.limits.bulkMintPerSecond);
    this.concurrency = deps.limits.bulkMintConcurrency;
  }

  start() {
    this.timer = setInterval(() => this.kick(), POLL_EVERY_MS);
    this.timer.unref();
    this.kick();
  }

  /** Looks for work now (a batch was created or retried). */
  kick() {
    if (this.jobs.stopping) return;
    this.polling ??= this.poll()
      .catch((error: unknown) =>
        this.deps.log.warn({ err: (error as Error).message }, 'looking for bulk batches failed'),
      )
      .finally(() => {
        this.polling = undefined;
      });
  }

  /**
   * Runs `write` (a new batch's rows, a retry's) and then looks for work, such that closing
   * waits for it; once closing has begun nothing is written: 503 `stopping` (the replica stops
   * listening before it closes, so the request sent again reaches another one). A batch written
   * as the worker closes is left unleased, for the next replica that looks (or this one's next
   * start).
   */
  async accept<T>(write: () => Promise<T>): Promise<T> {
    const accepted = await this.jobs.claim(write);
    this.kick();
    return accepted;
  }

  /** Stops taking rows, lets the ones in flight finish and hands the batches back. */
  async close() {
    const jobs = this.jobs.close();
    clearInterval(this.timer);
    await this.polling;
    await jobs;
  }

  private async poll() {
    const now = this.deps.now();
    if (now - this.expiredAt >= EXPIRE_EVERY_MS) {
      this.expiredAt = now;
      const erased = await this.deps.repos.batches.expireResults(now - RESULTS_KEEP_MS, now);
      if (erased > 0) this.deps.log.info({ batches: erased }, 'erased tokens nobody downloaded');
    }
    const batches = await this.deps.repos.batches.workable(this.owner, this.deps.now(), 8);
    for (const { id } of batches) {
      this.jobs.run(
        () => this.work(id),
        (error) =>
          this.deps.log.warn(
            { batchId: id, err: (error as Error).message },
            'working a bulk batch failed; it is resumed later',
          ),
        id,
      );
    }
  }

  private async work(id: string) {
    const repo = this.deps.repos.batches;
    const now = this.deps.now();
    const lease = await repo.lease(id, this.owner, now, now + BATCH_LEASE_MS);
    if (!lease.taken) return;
    let held = true;
    const renew = async () => {
      const at = this.deps.now();
      const renewed = await repo.lease(id, this.owner, at, at + BATCH_LEASE_MS);
      held &&= renewed.taken;
    };
    try {
      await whileBeating(RENEW_EVERY_MS, renew, async () => {
        if (lease.takeover) {
          await repo.orphansFailed(id, INTERRUPTED, mintedNotKept);
          // Minting goes on from here: its pace is this run's, not the time it was stopped.
          await repo.runBegins(id, this.deps.now());
        }
        const batch = await repo.byId(id);
        if (!batch) return;
        await this.mintAll(id, batch.ip, batch.created_by, () => held);
        if (!this.jobs.stopping && held) {
          await repo.finishIfDone(id, this.deps.now(), () => finishedAudit(this.deps, id));
        }
      });
    } finally {
      await repo.releaseLease(id, this.owner).catch(() => {});
    }
  }

  /**
   * The creator as now (read before each row): a disabled account or a lowered role stops the
   * rest of the batch.
   */
  private async creator(id: string, staffId: string): Promise<StaffRow | undefined> {
    const staff = await this.deps.repos.staff.byId(staffId);
    if (staff && creatorMayMint(staff)) return staff;
    await this.deps.repos.batches.pendingFailed(id, 'creator-not-allowed', CREATOR_GONE);
    return undefined;
  }

  private async mintAll(id: string, ip: string | null, creatorId: string, held: () => boolean) {
    const repo = this.deps.repos.batches;
    while (!this.jobs.stopping && held()) {
      const rows = await repo.nextRows(id, this.deps.now(), this.concurrency * 4);
      if (rows.length === 0) {
        const wait = await repo.nextWait(id);
        if (wait === undefined) return;
        await delay(Math.min(Math.max(wait - this.deps.now(), 50), 1000), undefined, {
          ref: false,
        });
        continue;
      }
      await eachLimited(rows, this.concurrency, (row) => this.mintRow(id, ip, creatorId, row));
    }
  }

  private async mintRow(id: string, ip: string | null, creatorId: string, row: BulkRowRow) {
    const repo = this.deps.repos.batches;
    if (this.jobs.stopping) return;
    await this.pacer.take();
    // The creator as now, before each row: a row fetched before the account was disabled or
    // lost the role is not minted (those already at the token service finish).
    const creator = await this.creator(id, creatorId);
    if (!creator) return;
    // A cancelled batch's rows are no longer pending: nothing is minted for them.
    if (this.jobs.stopping || !(await repo.claimRow(id, row.n, this.owner))) return;
    const parsed = createTokenRequestSchema(this.deps.now).safeParse(JSON.parse(row.request));
    if (!parsed.success) {
      // Judged again now: an expiry that has passed since (a row minted later) is refused.
      const issue = parsed.error.issues[0]?.message ?? 'This row is no longer valid.';
      const failure = { code: 'invalid-request', message: `${issue} ${NOT_VALID_NOW}` };
      await repo.rowFailed(id, row.n, failure, this.owner);
      return;
    }
    try {
      const minted = await mintToken(
        this.deps,
        { staff: creator, ip, log: this.deps.log, batchId: id, batchRow: row.n },
        parsed.data,
      );
      const sealed = seal(this.deps.ledgerKeys, minted.token, rowContext(id, row.n));
      if (!(await repo.rowMinted(id, row.n, minted.record.id, sealed, this.owner))) {
        await this.mintedLate(id, row.n, minted.record.id, minted.record.revocable);
      }
    } catch (error) {
      // Too many requests: the row is asked for again once the wait the service asks for has
      // passed (`slowDownMs`: within 1 s and 60 s; 5 s when it does not say).
      if (error instanceof HttpError && error.code === 'upstream-busy') {
        const now = this.deps.now();
        const retryAfter = error instanceof UpstreamBusy ? error.retryAfter : undefined;
        await repo.rowLater(id, row.n, now + slowDownMs(retryAfter, now), this.owner);
        return;
      }
      await repo.rowFailed(id, row.n, reasonOf(error), this.owner);
    }
  }

  /**
   * The token service made row `n`'s token after another worker took the batch over (this
   * one's lease had run out): the row failed as interrupted then, and now says the token
   * exists, linked to it in the ledger. Unless the row was retried since: then the ledger
   * alone lists this token, and the row the one its retry made.
   */
  private async mintedLate(id: string, n: number, ledgerId: string, revocable: boolean) {
    const linked = await this.deps.repos.batches.rowMintedLate(
      id,
      n,
      ledgerId,
      INTERRUPTED.code,
      mintedNotKept(revocable),
    );
    this.deps.log.warn(
      { batchId: id, row: n, ledgerId, linked },
      'a bulk row was minted after its batch was taken over; its token was not kept',
    );
  }
}
