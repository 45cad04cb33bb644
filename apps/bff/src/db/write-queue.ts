import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

export type WriteUnit<T> = (trx: Transaction<Database>) => Promise<T>;

/**
 * A write that a batch makes once for all its items of that kind (one multi-row statement
 * instead of one per item), answering each item in order. The same rules as a unit's apply.
 */
export type MergedWrite<I, R> = ((trx: Kysely<Database>, items: I[]) => Promise<R[]>) & {
  /**
   * True when the write of these items is a single statement, which the database applies
   * whole or not at all by itself: on PostgreSQL a batch of only such writes then runs them
   * without BEGIN and COMMIT, two round trips fewer for every caller.
   */
  oneStatement?: (items: I[]) => boolean;
};

interface Queued {
  unit?: WriteUnit<unknown>;
  merged?: { write: MergedWrite<unknown, unknown>; item: unknown };
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Enough to share one commit among a burst, small enough to keep any one wait short. */
const MAX_BATCH = 256;
/**
 * Batches in flight at once on PostgreSQL, each on a pooled connection of its own (the pool
 * has 10): every statement there is a round trip, and one batch at a time capped the viewer
 * token endpoint at the pace of one connection. SQLite has one connection: one at a time.
 */
export const POSTGRES_PARALLEL = 4;

/**
 * Group commit for the writes on the token path (idempotency keys, ledger rows, audit
 * entries). Every write enqueued during one turn of the event loop runs in one transaction,
 * and each caller's promise settles only after that transaction has committed: a caller that
 * hears "written" can rely on it exactly as before, but 50 concurrent creations pay for a
 * handful of commits instead of 200 (each commit writes every page it touched to the WAL;
 * about a third of the BFF's CPU per creation before this).
 *
 * A unit that fails must not take its neighbours down: the batch is rolled back and every
 * unit of it runs again in a transaction of its own, so each gets its own answer. Units are
 * therefore database work only (no network, no clock reads that must not repeat), built from
 * values fixed before they are enqueued, and they use only the transaction they are given:
 * the connection is theirs for the duration, so waiting on `app.db` or on another `run()`
 * from inside a unit would wait forever.
 */
export class WriteQueue {
  private pending: Queued[] = [];
  /** Flushes running or scheduled. */
  private flushing = 0;
  private scheduled = false;
  private closed = false;

  /**
   * `parallel`: batches in flight at once (POSTGRES_PARALLEL on PostgreSQL, else 1).
   * `autocommit`: single-statement writes may run without a transaction (PostgreSQL; on
   * SQLite every statement would be a commit of its own, the cost group commit saves).
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly parallel = 1,
    private readonly autocommit = false,
  ) {}

  run<T>(unit: WriteUnit<T>): Promise<T> {
    return this.enqueue<T>({ unit });
  }

  /** `item` written by `write` together with the batch's other items of the same `write`. */
  runMerged<I, R>(write: MergedWrite<I, R>, item: I): Promise<R> {
    return this.enqueue<R>({ merged: { write: write as MergedWrite<unknown, unknown>, item } });
  }

  private enqueue<T>(work: Pick<Queued, 'unit' | 'merged'>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The database is closed.'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ ...work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled && this.flushing < this.parallel) {
        this.scheduled = true;
        this.flushing += 1;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  /** Lets queued writes finish, then refuses new ones (the app is closing). */
  async close() {
    this.closed = true;
    while (this.flushing > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  private async flush() {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      const statements = this.autocommit ? singleStatements(batch) : undefined;
      if (statements) await this.withoutTransaction(statements);
      else if (batch.length === 1) await this.alone(batch[0]!);
      else await this.together(batch);
    }
    this.flushing -= 1;
  }

  /**
   * A transaction, run again when PostgreSQL ended it to break a deadlock (two transactions
   * waiting for each other's rows: replicas and parallel batches update the same count rows)
   * or could not serialise it; its other errors are the caller's. Running it again is what
   * PostgreSQL's documentation prescribes, and units are safe to run again.
   */
  private async transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db.transaction().execute(work);
      } catch (error) {
        if (attempt >= RUNS_ON_CONFLICT || !isConflict(error)) throw error;
        // Apart, so that the two do not meet again at once.
        await sleep(Math.random() * 10 * attempt);
      }
    }
  }

  private async together(batch: Queued[]) {
    let results: unknown[];
    try {
      results = await this.transaction((trx) => execute(trx, batch));
    } catch (error) {
      // No database to write to: each would only wait for it again (up to the connection
      // timeout each, one after the other), so all hear it now.
      if (isDatabaseUnavailable(error)) {
        for (const item of batch) item.reject(error);
        return;
      }
      // Rolled back as a whole; find out whose write it was by running each on its own.
      for (const item of batch) await this.alone(item);
      return;
    }
    batch.forEach((item, i) => item.resolve(results[i]));
  }

  /** Each write its own statement, committed as it completes; a failed one item by item. */
  private async withoutTransaction(statements: Queued[][]) {
    for (const group of statements) {
      const { write } = group[0]!.merged!;
      let answers: unknown[];
      try {
        answers = await write(
          this.db,
          group.map((item) => item.merged!.item),
        );
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          for (const item of group) item.reject(error);
        } else {
          for (const item of group) await this.alone(item);
        }
        continue;
      }
      group.forEach((item, i) => item.resolve(answers[i]));
    }
  }

  private async alone(item: Queued) {
    try {
      const [result] = await this.transaction((trx) => execute(trx, [item]));
      item.resolve(result);
    } catch (error) {
      item.reject(error);
    }
  }
}

/** Runs of a transaction that PostgreSQL ended for a deadlock or a serialisation failure. */
const RUNS_ON_CONFLICT = 4;

/** `deadlock_detected` and `serialization_failure` (SQLSTATE class 40: transaction rollback). */
const isConflict = (error: unknown) =>
  error instanceof Error && ['40P01', '40001'].includes((error as { code?: string }).code ?? '');

/** The batch by merged write, when it holds only writes that are one statement each. */
function singleStatements(batch: Queued[]): Queued[][] | undefined {
  const groups = new Map<MergedWrite<unknown, unknown>, Queued[]>();
  for (const item of batch) {
    if (!item.merged) return undefined;
    const group = groups.get(item.merged.write);
    if (group) group.push(item);
    else groups.set(item.merged.write, [item]);
  }
  for (const [write, group] of groups) {
    if (!write.oneStatement?.(group.map((item) => item.merged!.item))) return undefined;
  }
  return [...groups.values()];
}

/** A batch's work in order; each kind of merged write runs once, where its first item stood. */
async function execute(trx: Transaction<Database>, batch: Queued[]): Promise<unknown[]> {
  const groups = new Map<MergedWrite<unknown, unknown>, number[]>();
  batch.forEach(({ merged }, i) => {
    if (!merged) return;
    const group = groups.get(merged.write);
    if (group) group.push(i);
    else groups.set(merged.write, [i]);
  });
  const results: unknown[] = new Array(batch.length);
  for (let i = 0; i < batch.length; i += 1) {
    const { unit, merged } = batch[i]!;
    if (unit) {
      results[i] = await unit(trx);
      continue;
    }
    const group = groups.get(merged!.write)!;
    if (group[0] !== i) continue;
    const answers = await merged!.write(
      trx,
      group.map((at) => batch[at]!.merged!.item),
    );
    group.forEach((at, k) => (results[at] = answers[k]));
  }
  return results;
}
