/*
 * What the process's background jobs (bulk token creation, revoke by filter) share: running
 * each job once under its key, stopping on close, a beat that keeps a job's claim alive while
 * it runs, and a bounded pool for its items. Claiming a job stays with its repository: the
 * tables differ (a lease with an owner, a heartbeat that goes stale).
 */

import { HttpError } from '../../lib/errors.ts';

/** 503 with Retry-After: this replica is stopping and claimed nothing; another one will run it. */
export const jobsStopping = () =>
  new HttpError(
    503,
    'stopping',
    'This dashboard server is stopping, so it started nothing. Send the request again.',
    {},
    { 'retry-after': '1' },
  );

/**
 * The jobs this process runs. Closing starts no more and waits for the running ones, which see
 * `stopping` and end at their next step, so the database closes only after them.
 */
export class BackgroundJobs {
  private readonly running = new Set<Promise<void>>();
  private readonly keys = new Set<string>();
  /** Jobs being written for a request (`claim`), which closing waits for. */
  private readonly claiming = new Set<Promise<unknown>>();
  private refusing = false;
  private closing = false;

  get stopping() {
    return this.closing;
  }

  /**
   * Runs `claim`, which writes or claims a job a request asks for (a new job's row, a retry's
   * claim) and starts it, such that closing waits for it: a job claimed just as the app closes
   * is then started and handed over with the running ones, rather than left claimed with
   * nobody running it. Once closing has begun nothing is claimed: 503 `stopping` before
   * anything is written, and the request sent again reaches another replica.
   */
  async claim<T>(claim: () => Promise<T>): Promise<T> {
    if (this.refusing) throw jobsStopping();
    const claimed = claim();
    this.claiming.add(claimed);
    try {
      return await claimed;
    } finally {
      this.claiming.delete(claimed);
    }
  }

  /** Claims no more, and waits for those under way: the jobs they start are still run. */
  async stopClaiming(...alsoWaitFor: (Promise<unknown> | undefined)[]) {
    this.refusing = true;
    await Promise.allSettled([...this.claiming, ...alsoWaitFor]);
  }

  /**
   * Runs `job` unless closing began or (with a key) one under that key runs already. A job's
   * failure goes to `onError`, never further: the job is left for a later run to take up.
   */
  run(job: () => Promise<void>, onError: (error: unknown) => void, key?: string) {
    if (this.closing || (key !== undefined && this.keys.has(key))) return;
    if (key !== undefined) this.keys.add(key);
    const run: Promise<void> = job()
      .catch(onError)
      .finally(() => {
        this.running.delete(run);
        if (key !== undefined) this.keys.delete(key);
      });
    this.running.add(run);
  }

  async close() {
    await this.stopClaiming();
    this.closing = true;
    await Promise.all(this.running);
  }
}

/**
 * Runs `work` while calling `beat` every `everyMs` (renewing a lease, a heartbeat). A failed
 * beat is passed over: the next one tries again, and a claim that lapsed meanwhile is the
 * repository's to notice.
 */
export async function whileBeating<T>(
  everyMs: number,
  beat: () => Promise<unknown>,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    beat().catch(() => undefined);
  }, everyMs);
  // A beat never keeps the process alive on its own.
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs `work` over `items`, at most `limit` at a time. When one fails, no further item is
 * started, and the promise rejects with that first failure only once the items already under
 * way have ended: a caller that then hands its job back (a batch's lease, a revoke's run) never
 * does so with work of its own still in flight.
 */
export async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const ended = await Promise.allSettled(lanes);
  const failure = ended.find((lane) => lane.status === 'rejected');
  if (failure) throw failure.reason;
}
