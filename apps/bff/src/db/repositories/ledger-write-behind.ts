import type { TokenTarget } from '@ptd/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { safeErr } from '../../lib/errors.ts';
import { LogWindows } from '../../lib/log-windows.ts';
import { DatabaseOutage, isDatabaseUnavailable } from '../unavailable.ts';
import type { LedgerInsert } from './ledger.ts';

export interface WriteBehindOptions {
  /** How long a row waits for others to share its commit; the window a crash can lose. */
  lingerMs: number;
  /** Rows in one flush (one commit on SQLite); a full batch goes at once. */
  batchRows: number;
  /**
   * Rows held in memory at most (waiting, being written, or refused and retried): beyond it
   * no token is handed out that could not be held, so the ledger stays complete.
   */
  maxHeld: number;
  /**
   * First wait before a refused row is tried again; it doubles up to `MAX_RETRY_MS`. Any row
   * written meanwhile sends every refused row again at once: the database takes writes again.
   */
  retryMs: number;
  /** The clock of the log's 10-s windows. */
  now: () => number;
  /**
   * What the app knows of the database's answers (the circuit breaker shared with the viewer
   * endpoint's other users): while it is known down, rows are held, and one batch is tried at
   * the breaker's probe pace instead of one per `lingerMs`, each waiting out a statement bound.
   */
  outage: DatabaseOutage;
}

const WRITE_BEHIND_DEFAULTS: Omit<WriteBehindOptions, 'outage'> = {
  lingerMs: 25,
  batchRows: 256,
  maxHeld: 10_000,
  retryMs: 500,
  now: Date.now,
};

/** While the database is known down, how often held rows look whether they may go. */
const OUTAGE_CHECK_MS = 100;

/** The line that counts refused rows beyond the first refusal logged in 10 s. */
export const REFUSALS_SUMMARY =
  'further viewer token rows refused by the database, counted; they are kept and tried again';

/**
 * The longest wait between two tries of a refused row: how long after the database comes
 * back a full write-behind (the endpoint answering 503, so no new row arrives to find out
 * sooner) may still refuse viewers. The same as the Retry-After the endpoint gives them.
 */
const MAX_RETRY_MS = 2_000;

interface Held {
  row: LedgerInsert;
  target: TokenTarget;
  tries: number;
}

/** What the write-behind writes with: the ledger's own insert, and a check for a retry. */
export interface WriteBehindLedger {
  insert(row: LedgerInsert, target: TokenTarget): Promise<void>;
  exists(id: string): Promise<boolean>;
}

/**
 * Ledger rows of viewer tokens written behind the answer (decision 020): the token goes to
 * the viewer as soon as its row is held here, and rows are written together, a batch every
 * `lingerMs` or every `batchRows` rows, through the write queue (one commit per batch).
 *
 * - A row the database refuses stays held and is tried again, ever later, until it is
 *   written: nothing acknowledged is dropped while the process lives.
 * - While the database is known down (`outage`, the circuit breaker), rows are held without a
 *   write per `lingerMs`: one batch of all of them is tried at the breaker's probe pace, and
 *   every row goes as soon as the database answers any of the app's statements again.
 * - `close()` (a clean shutdown) writes every held row before the database closes.
 * - What a crash can lose: the rows of the last `lingerMs` and of the batch being committed,
 *   plus any the database was refusing at the time (at most `maxHeld`). Those tokens reached
 *   viewers, are bound to their policy's sites (and IP, when it binds) and expire with it.
 * - When `maxHeld` rows are held (the database has refused writes for a while), `hasRoom` is
 *   false and the endpoint mints nothing until rows are written again.
 */
export class LedgerWriteBehind {
  private waiting: Held[] = [];
  private held = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Refused rows, each waiting for its next try. */
  private readonly retrying = new Map<NodeJS.Timeout, Held>();
  private readonly writing = new Set<Promise<void>>();
  private closed = false;
  /** Refusals: the first of each 10 s logged, the others counted. */
  private readonly logWindows: LogWindows;

  private readonly options: WriteBehindOptions;

  constructor(
    private readonly ledger: WriteBehindLedger,
    private readonly log: FastifyBaseLogger,
    options: Partial<WriteBehindOptions> = {},
  ) {
    this.options = { ...WRITE_BEHIND_DEFAULTS, outage: new DatabaseOutage(), ...options };
    this.logWindows = new LogWindows(this.options.now);
  }

  /** False when a row could not be held (shutting down, or `maxHeld` rows waiting). */
  get hasRoom(): boolean {
    return !this.closed && this.held < this.options.maxHeld;
  }

  /** Rows not written yet (waiting, in a commit, or refused and to be tried again). */
  get pending(): number {
    return this.held;
  }

  /** Holds `row` for the next batch. Check `hasRoom` before minting the token it records. */
  add(row: LedgerInsert, target: TokenTarget) {
    this.held += 1;
    this.enqueue({ row, target, tries: 0 });
  }

  /** Writes what is waiting now; resolves once every write started so far has settled. */
  async flush() {
    this.writeWaiting();
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  /**
   * A clean shutdown: writes every held row, trying refused ones again for up to `graceMs`;
   * how many are still refused then is logged (never a token): those rows are lost.
   */
  async close(graceMs = 10_000) {
    this.closed = true;
    const deadline = Date.now() + graceMs;
    for (;;) {
      // Refused rows do not wait out their back-off any more: every try is now.
      this.waiting.push(...this.takeRefused());
      await this.flush();
      if (this.held === 0) {
        this.logWindows.flush();
        return;
      }
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, this.options.retryMs)));
    }
    this.takeRefused();
    // Rows held while the database is known down do not look again after the database closed.
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.logWindows.flush();
    this.log.error(
      { rows: this.held },
      'viewer token rows could not be written before shutdown; those tokens are not in the ledger',
    );
  }

  private enqueue(item: Held) {
    this.waiting.push(item);
    if (this.waiting.length >= this.options.batchRows || this.closed) {
      this.writeWaiting();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.writeWaiting(), this.options.lingerMs);
    }
  }

  private writeWaiting() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const { outage } = this.options;
    // Known down: held until the database answers again (another user's statement or probe),
    // or until it is this batch's turn to be the probe.
    const probe = outage.down && outage.probe();
    if (outage.down && !probe) {
      this.timer = setTimeout(() => this.writeWaiting(), OUTAGE_CHECK_MS);
      this.timer.unref();
      return;
    }
    const batch = this.waiting;
    this.waiting = [];
    // One turn of the event loop: the write queue commits them together.
    const done = Promise.all(batch.map((item) => this.write(item))).then((failures) => {
      const down = failures.find((error) => isDatabaseUnavailable(error));
      if (down !== undefined) outage.failed(down, probe);
      else if (probe) outage.answered();
    });
    this.writing.add(done);
    void done.finally(() => this.writing.delete(done));
  }

  /** Resolves with the error a refused row met, undefined once it is written. */
  private async write(item: Held): Promise<unknown> {
    try {
      await this.ledger.insert(item.row, item.target);
      this.held -= 1;
      this.options.outage.answered();
      this.retryRefusedNow();
      return undefined;
    } catch (error) {
      // A retry whose first commit did go through (its answer was lost) finds its row there.
      if (item.tries > 0 && (await this.ledger.exists(item.row.id).catch(() => false))) {
        this.held -= 1;
        return undefined;
      }
      this.refused(item, error);
      return error ?? new Error('refused');
    }
  }

  /** A row was written: the rows refused before it need not wait out their back-off. */
  private retryRefusedNow() {
    for (const item of this.takeRefused()) this.enqueue(item);
  }

  /** The refused rows, no longer waiting for their next try. */
  private takeRefused(): Held[] {
    for (const timer of this.retrying.keys()) clearTimeout(timer);
    const refused = [...this.retrying.values()];
    this.retrying.clear();
    return refused;
  }

  private refused(item: Held, error: unknown) {
    item.tries += 1;
    if (
      this.logWindows.first('refused', 'rows', this.log, {
        message: REFUSALS_SUMMARY,
        fields: () => ({ held: this.held }),
        level: 'error',
      })
    ) {
      this.log.error(
        { err: safeErr(error), held: this.held },
        'writing viewer token rows failed; they are kept and tried again',
      );
    }
    const wait = Math.min(MAX_RETRY_MS, this.options.retryMs * 2 ** (item.tries - 1));
    const timer = setTimeout(() => {
      this.retrying.delete(timer);
      this.enqueue(item);
    }, wait);
    timer.unref();
    this.retrying.set(timer, item);
  }
}
