import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable } from 'kysely';
import type {
  AuditTable,
  BulkBatchTable,
  BulkRowState,
  BulkRowTable,
  Database,
} from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';

export type BulkBatchRow = Selectable<BulkBatchTable>;
export type BulkRowRow = Selectable<BulkRowTable>;
type Audit = Insertable<AuditTable>;
/** Why a row was not minted, in the dashboard's words. */
type RowFailure = { code: string; message: string };

/** The lease is free (never taken or run out), or it is `owner`'s. */
const leaseFreeFor =
  (owner: string, now: number) => (eb: ExpressionBuilder<Database, 'bulk_batch'>) =>
    eb.or([
      eb('lease_until', 'is', null),
      eb('lease_until', '<', now),
      eb('lease_owner', '=', owner),
    ]);

/** The batch being read or changed has a row in one of `states`. */
const hasRowsIn = (states: BulkRowState[]) => (eb: ExpressionBuilder<Database, 'bulk_batch'>) =>
  eb.exists(
    eb
      .selectFrom('bulk_row')
      .select('bulk_row.n')
      .whereRef('bulk_row.batch_id', '=', 'bulk_batch.id')
      .where('bulk_row.state', 'in', states),
  );

/**
 * The batch's current run begins `at`, counting the rows settled by then (minted, failed,
 * cancelled: neither waiting nor in flight), so that its pace is this run's.
 */
const beginRun = (db: Kysely<Database>, id: string, at: number) =>
  db
    .updateTable('bulk_batch')
    .set((eb) => ({
      run_started_at: at,
      run_settled: eb
        .selectFrom('bulk_row')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .where('bulk_row.batch_id', '=', id)
        .where('bulk_row.state', 'not in', ['pending', 'minting']),
    }))
    .where('id', '=', id)
    .execute();

/** Ends a retry's transaction, undoing it, when the batch has no row to put back. */
class NothingToRetry extends Error {}

/** Ends a batch's end, undoing it, when rows were put back in its queue meanwhile. */
class NotDoneYet extends Error {}

/** The batch's creator as now: who it is, and whether the account may still create tokens. */
const CREATOR = [
  'staff.email as creator_email',
  'staff.display_name as creator_name',
  'staff.role as creator_role',
  'staff.disabled as creator_disabled',
] as const;

/** Rows per INSERT: 11 parameters each stays far below both databases' limits. */
const CHUNK = 500;

/**
 * Batches of tokens in bulk and their rows. Every change is conditional on the state it
 * expects, so a worker that lost its lease, a cancel and a retry cannot undo one another.
 */
export class BulkBatchRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  /** The batch, its rows and its audit entry: all or nothing. Its first run begins with it. */
  async insert(
    batch: Omit<BulkBatchRow, 'run_started_at' | 'run_settled'>,
    rows: BulkRowRow[],
    audit: Audit,
  ) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('bulk_batch')
        .values({ ...batch, run_started_at: batch.created_at, run_settled: 0 })
        .execute();
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto('bulk_row')
          .values(rows.slice(i, i + CHUNK))
          .execute();
      }
      await trx.insertInto('audit_log').values(audit).execute();
    });
  }

  byId(id: string) {
    return this.db
      .selectFrom('bulk_batch')
      .leftJoin('staff', 'staff.id', 'bulk_batch.created_by')
      .selectAll('bulk_batch')
      .select(CREATOR)
      .where('bulk_batch.id', '=', id)
      .executeTakeFirst();
  }

  /** A page of batches, newest first (ids are time-ordered): `createdBy`'s only, if given. */
  page(options: { createdBy?: string; before?: string; limit: number }) {
    let query = this.db
      .selectFrom('bulk_batch')
      .leftJoin('staff', 'staff.id', 'bulk_batch.created_by')
      .selectAll('bulk_batch')
      .select(CREATOR);
    if (options.createdBy !== undefined) {
      query = query.where('bulk_batch.created_by', '=', options.createdBy);
    }
    if (options.before !== undefined) query = query.where('bulk_batch.id', '<', options.before);
    return query.orderBy('bulk_batch.id', 'desc').limit(options.limit).execute();
  }

  /** The counts of several batches in one read, by batch id. */
  async countsOf(ids: string[]) {
    const counts = new Map<string, Record<BulkRowState, number>>();
    for (const id of ids)
      counts.set(id, { pending: 0, minting: 0, minted: 0, failed: 0, cancelled: 0 });
    if (ids.length === 0) return counts;
    const rows = await this.db
      .selectFrom('bulk_row')
      .select(['batch_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('batch_id', 'in', ids)
      .groupBy(['batch_id', 'state'])
      .execute();
    for (const row of rows) {
      const of = counts.get(row.batch_id);
      if (of) of[row.state] = Number(row.n);
    }
    return counts;
  }

  async counts(id: string): Promise<Record<BulkRowState, number>> {
    const rows = await this.db
      .selectFrom('bulk_row')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('batch_id', '=', id)
      .groupBy('state')
      .execute();
    const counts = { pending: 0, minting: 0, minted: 0, failed: 0, cancelled: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }

  failedRows(id: string, limit: number) {
    return this.db
      .selectFrom('bulk_row')
      .select(['n', 'viewer_user', 'tag', 'error_message'])
      .where('batch_id', '=', id)
      .where('state', '=', 'failed')
      .orderBy('n')
      .limit(limit)
      .execute();
  }

  /**
   * Batches with rows left to mint, or cancelled with rows a stopped worker left half-done,
   * whose lease is free (or ours), oldest first.
   */
  workable(owner: string, now: number, limit: number) {
    return this.db
      .selectFrom('bulk_batch')
      .select(['id'])
      .where((eb) =>
        eb.or([
          eb('state', '=', 'minting'),
          // Cancelled, with rows in flight or its end not yet recorded.
          eb.and([
            eb('state', '=', 'cancelled'),
            eb.or([eb('finished_at', 'is', null), hasRowsIn(['minting'])(eb)]),
          ]),
        ]),
      )
      .where(leaseFreeFor(owner, now))
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /**
   * Takes or renews the lease; `takeover` when another worker held it last (one that stopped, or
   * this process before a restart): rows that worker left half-done are then no one's, and a new
   * run begins. A worker taking up its own batch again (after an error ended its turn) goes on
   * with the same run; a batch nobody held yet (just created) has its run already. A cancelled
   * batch keeps its lease while the rows in flight finish, so that they are not taken for a
   * stopped worker's.
   */
  async lease(id: string, owner: string, now: number, until: number) {
    const before = await this.db
      .selectFrom('bulk_batch')
      .select(['lease_owner'])
      .where('id', '=', id)
      .executeTakeFirst();
    const taken = await this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('bulk_batch')
        .set({ lease_owner: owner, lease_until: until })
        .where('id', '=', id)
        .where('state', 'in', ['minting', 'cancelled'])
        .where(leaseFreeFor(owner, now))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
    const last = before?.lease_owner ?? null;
    return { taken, takeover: taken && last !== null && last !== owner };
  }

  /** A worker took the batch over from another (or from before a restart): a new run begins. */
  async runBegins(id: string, at: number) {
    await this.writes.run((trx) => beginRun(trx, id, at));
  }

  /** Free for any worker; the owner stays, so that `lease` knows who held it last. */
  async releaseLease(id: string, owner: string) {
    await this.writes.run((trx) =>
      trx
        .updateTable('bulk_batch')
        .set({ lease_until: null })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .execute(),
    );
  }

  nextRows(id: string, now: number, limit: number) {
    return this.db
      .selectFrom('bulk_row')
      .selectAll()
      .where('batch_id', '=', id)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('not_before_ms', 'is', null), eb('not_before_ms', '<=', now)]))
      .orderBy('n')
      .limit(limit)
      .execute();
  }

  /** When the next row waiting for the token service may go (ms), if any waits. */
  async nextWait(id: string) {
    const row = await this.db
      .selectFrom('bulk_row')
      .select((eb) => eb.fn.min<number>('not_before_ms').as('at'))
      .where('batch_id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  }

  /*
   * A row's changes by the worker that holds the batch (`owner`, its lease's): one whose lease
   * was taken over while a row was at the token service changes nothing when its answer comes,
   * so that it cannot undo what the worker that took over (or a retry since) wrote.
   */

  /** pending → minting; false when the row was cancelled or taken meanwhile. */
  claimRow(id: string, n: number, owner: string) {
    return this.setState(id, n, 'pending', { state: 'minting' }, owner);
  }

  rowMinted(id: string, n: number, ledgerId: string, sealed: string, owner: string) {
    return this.setState(
      id,
      n,
      'minting',
      {
        state: 'minted',
        ledger_id: ledgerId,
        encrypted_token: sealed,
        error_code: null,
        error_message: null,
      },
      owner,
    );
  }

  rowFailed(id: string, n: number, failure: RowFailure, owner: string) {
    return this.setState(
      id,
      n,
      'minting',
      { state: 'failed', error_code: failure.code, error_message: failure.message },
      owner,
    );
  }

  /** Back in the queue, not before `at` (the token service asked us to slow down). */
  rowLater(id: string, n: number, at: number, owner: string) {
    return this.setState(id, n, 'minting', { state: 'pending', not_before_ms: at }, owner);
  }

  /**
   * A token made for row `n` by a worker whose lease was taken over meanwhile, the row failed
   * as `interrupted` then (`orphansFailed`, before the ledger had it): the row now says the
   * token exists (`minted`) and links to it. Its value is not kept: the row was settled
   * without it. False when the row has moved on (retried since): the ledger lists the token.
   */
  rowMintedLate(id: string, n: number, ledgerId: string, interrupted: string, minted: RowFailure) {
    return this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('bulk_row')
        .set({ ledger_id: ledgerId, error_code: minted.code, error_message: minted.message })
        .where('batch_id', '=', id)
        .where('n', '=', n)
        .where('state', '=', 'failed')
        .where('error_code', '=', interrupted)
        .where('ledger_id', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  private setState(
    id: string,
    n: number,
    from: BulkRowState,
    set: Partial<BulkRowRow>,
    owner: string,
  ) {
    return this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('bulk_row')
        .set(set)
        .where('batch_id', '=', id)
        .where('n', '=', n)
        .where('state', '=', from)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('bulk_batch')
              .select('bulk_batch.id')
              .where('bulk_batch.id', '=', id)
              .where('bulk_batch.lease_owner', '=', owner),
          ),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  /**
   * Rows a stopped worker left `minting` fail: none is handed out. Those whose token the ledger
   * has (recorded for this batch and row, its value lost before it was stored here) fail with
   * `minted(revocable)` and are linked to it; the others, never delivered as far as anyone
   * knows, with `interrupted`.
   */
  orphansFailed(id: string, interrupted: RowFailure, minted: (revocable: boolean) => RowFailure) {
    return this.writes.run(async (trx) => {
      const recorded = await trx
        .selectFrom('bulk_row')
        .innerJoin('ledger', (join) =>
          join
            .onRef('ledger.batch_id', '=', 'bulk_row.batch_id')
            .onRef('ledger.batch_row', '=', 'bulk_row.n'),
        )
        .select(['bulk_row.n', 'ledger.id', 'ledger.revocable'])
        .where('bulk_row.batch_id', '=', id)
        .where('bulk_row.state', '=', 'minting')
        .where('ledger.state', '=', 'issued')
        .execute();
      for (const row of recorded) {
        const { code, message } = minted(Number(row.revocable) === 1);
        await trx
          .updateTable('bulk_row')
          .set({ state: 'failed', ledger_id: row.id, error_code: code, error_message: message })
          .where('batch_id', '=', id)
          .where('n', '=', row.n)
          .where('state', '=', 'minting')
          .execute();
      }
      const rest = await trx
        .updateTable('bulk_row')
        .set({ state: 'failed', error_code: interrupted.code, error_message: interrupted.message })
        .where('batch_id', '=', id)
        .where('state', '=', 'minting')
        .executeTakeFirst();
      return recorded.length + Number(rest.numUpdatedRows);
    });
  }

  /** Every row not started fails with `message` (the batch cannot go on). */
  pendingFailed(id: string, code: string, message: string) {
    return this.failRowsIn(id, 'pending', code, message);
  }

  private failRowsIn(id: string, state: BulkRowState, code: string, message: string) {
    return this.writes.run(async (trx) => {
      const result = await trx
        .updateTable('bulk_row')
        .set({ state: 'failed', error_code: code, error_message: message })
        .where('batch_id', '=', id)
        .where('state', '=', state)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    });
  }

  /**
   * Rows not started stay unminted; true when this call cancelled the batch. It ends (with
   * `finished_at` and its `batch.finish` entry, `finishIfDone`) once no row is in flight.
   */
  cancel(id: string, audit: Audit) {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('bulk_batch')
        .set({ state: 'cancelled' })
        .where('id', '=', id)
        .where('state', '=', 'minting')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx
        .updateTable('bulk_row')
        .set({ state: 'cancelled' })
        .where('batch_id', '=', id)
        .where('state', '=', 'pending')
        .execute();
      await trx.insertInto('audit_log').values(audit).execute();
      return true;
    });
  }

  /**
   * minting → finished once no row is left to mint, and a cancelled batch's end once its rows
   * in flight are done: once each, with `audit` built from the final counts.
   */
  async finishIfDone(id: string, now: number, audit: () => Promise<Audit>) {
    const batch = await this.db
      .selectFrom('bulk_batch')
      .select('state')
      .where('id', '=', id)
      .where('state', 'in', ['minting', 'cancelled'])
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    if (!batch) return false;
    const left = await this.db
      .selectFrom('bulk_row')
      .select('n')
      .where('batch_id', '=', id)
      .where('state', 'in', ['pending', 'minting'])
      .limit(1)
      .executeTakeFirst();
    if (left) return false;
    const entry = await audit();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('bulk_batch')
          // The lease stays: a cancel ends the batch while its worker may still be between two
          // rows, and goes on with them if the batch is resumed; that worker hands it back.
          .set({ state: batch.state === 'minting' ? 'finished' : 'cancelled', finished_at: now })
          .where('id', '=', id)
          .where('state', '=', batch.state)
          .where('finished_at', 'is', null)
          .where((eb) => eb.not(hasRowsIn(['pending', 'minting'])(eb)))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        // On PostgreSQL that statement may have waited for a retry holding the batch, and then
        // judged its rows as they were before the retry put some back: look again, now that the
        // batch is held here.
        if (
          await trx
            .selectFrom('bulk_row')
            .select('n')
            .where('batch_id', '=', id)
            .where('state', 'in', ['pending', 'minting'])
            .limit(1)
            .executeTakeFirst()
        ) {
          throw new NotDoneYet();
        }
        await trx.insertInto('audit_log').values(entry).execute();
        return true;
      });
    } catch (error) {
      if (error instanceof NotDoneYet) return false;
      throw error;
    }
  }

  /**
   * Failed rows go back in the queue; only while the results can still be downloaded (not yet
   * downloaded, not yet erased), so that the tokens minted now reach the one file. The batch is
   * changed before its rows, in the order a download, a cancel and the erasing take them, so
   * that on PostgreSQL two of them at the same moment wait for one another, never deadlock.
   */
  retryFailed(id: string, now: number, audit: (rows: number) => Audit) {
    return this.requeue(id, 'failed', now, audit);
  }

  /** The rows a cancel left unminted go back in the queue, as a retry's failed rows do. */
  resumeCancelled(id: string, now: number, audit: (rows: number) => Audit) {
    return this.requeue(id, 'cancelled', now, audit);
  }

  /** Either begins a new run `now`, from the rows settled once those went back. */
  private async requeue(
    id: string,
    from: 'failed' | 'cancelled',
    now: number,
    audit: (rows: number) => Audit,
  ) {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const batch = await trx
          .updateTable('bulk_batch')
          .set({ state: 'minting', finished_at: null })
          .where('id', '=', id)
          .where('downloaded_at', 'is', null)
          .where('results_expired_at', 'is', null)
          .executeTakeFirst();
        if (Number(batch.numUpdatedRows) !== 1) return 0;
        const rows = await trx
          .updateTable('bulk_row')
          .set({ state: 'pending', error_code: null, error_message: null, not_before_ms: null })
          .where('batch_id', '=', id)
          .where('state', '=', from)
          .executeTakeFirst();
        const requeued = Number(rows.numUpdatedRows);
        // No such row: the batch's change is rolled back with the transaction.
        if (requeued === 0) throw new NothingToRetry();
        await beginRun(trx, id, now);
        await trx.insertInto('audit_log').values(audit(requeued)).execute();
        return requeued;
      });
    } catch (error) {
      if (error instanceof NothingToRetry) return 0;
      throw error;
    }
  }

  /**
   * Erases the sealed tokens of batches whose minting ended before `cutoff` and that nobody
   * downloaded: a token nobody fetched in a week is not kept for the rest of its life. The
   * batch is marked first, on the same conditions as a download, so that a download at the same
   * moment waits for it and finds the tokens erased, or comes first and keeps its batch out.
   */
  expireResults(cutoff: number, now: number) {
    return this.db.transaction().execute(async (trx) => {
      const stale = await trx
        .updateTable('bulk_batch')
        .set({ results_expired_at: now })
        .where('state', '!=', 'minting')
        .where('downloaded_at', 'is', null)
        .where('results_expired_at', 'is', null)
        .where('finished_at', '<', cutoff)
        .returning('id')
        .execute();
      if (stale.length === 0) return 0;
      const ids = stale.map((row) => row.id);
      await trx
        .updateTable('bulk_row')
        .set({ encrypted_token: null })
        .where('batch_id', 'in', ids)
        .execute();
      return ids.length;
    });
  }

  /**
   * The one download: marks it taken, reads the sealed tokens and erases them, in one
   * transaction; undefined when minting is not over (a cancelled batch's rows in flight
   * included, and those the token service told to wait: they are minted after the wait) or
   * someone downloaded them already.
   */
  takeResults(id: string, now: number, audit: Audit) {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('bulk_batch')
        .set({ downloaded_at: now })
        .where('id', '=', id)
        .where('state', '!=', 'minting')
        .where('downloaded_at', 'is', null)
        .where('results_expired_at', 'is', null)
        .where((eb) => eb.not(hasRowsIn(['pending', 'minting'])(eb)))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      const rows = await trx
        .selectFrom('bulk_row')
        .leftJoin('ledger', 'ledger.id', 'bulk_row.ledger_id')
        .select([
          'bulk_row.n',
          'bulk_row.viewer_user',
          'bulk_row.tag',
          'bulk_row.ledger_id',
          'bulk_row.encrypted_token',
          'ledger.expires_at',
        ])
        .where('bulk_row.batch_id', '=', id)
        .where('bulk_row.state', '=', 'minted')
        .orderBy('bulk_row.n')
        .execute();
      await trx
        .updateTable('bulk_row')
        .set({ encrypted_token: null, request: sql<string>`'{}'` })
        .where('batch_id', '=', id)
        .execute();
      await trx.insertInto('audit_log').values(audit).execute();
      return rows;
    });
  }
}
