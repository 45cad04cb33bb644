import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable } from 'kysely';
import type {
  AuditTable,
  BulkRevocationOutcome,
  BulkRevocationTable,
  Database,
} from '../schema.ts';
import type { WriteQueue } from '../write-queue.ts';

/** Item rows per insert statement: well under either database's parameter limit. */
const INSERT_CHUNK = 400;

export type BulkRevocationRow = Selectable<BulkRevocationTable>;
export type BulkCounts = Record<BulkRevocationOutcome, number>;

/**
 * The job's current run `runId` begins `at` (a retry, a runner taking it over), counting the
 * tokens settled by then (no longer pending), so that its pace is this run's.
 */
const beginRun = (db: Kysely<Database>, id: string, at: number, runId: string) =>
  db
    .updateTable('bulk_revocation')
    .set((eb) => ({
      run_id: runId,
      run_started_at: at,
      run_settled: eb
        .selectFrom('bulk_revocation_item')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .where('bulk_revocation_item.job_id', '=', id)
        .where('bulk_revocation_item.outcome', '!=', 'pending'),
    }))
    .where('id', '=', id)
    .execute();

export class BulkRevocationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly writes: WriteQueue,
  ) {}

  /**
   * The job and one pending item per token, in one transaction: all of them or none. Its first
   * run (`run_id`, the runner's) begins with it, run by its starter.
   */
  async create(
    job: Omit<Insertable<BulkRevocationTable>, 'run_started_at' | 'run_settled' | 'run_by'>,
    ledgerIds: string[],
  ) {
    await this.writes.run(async (trx) => {
      await trx
        .insertInto('bulk_revocation')
        .values({
          ...job,
          run_by: job.created_by ?? null,
          run_started_at: job.created_at,
          run_settled: 0,
        })
        .execute();
      for (let i = 0; i < ledgerIds.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('bulk_revocation_item')
          .values(
            ledgerIds.slice(i, i + INSERT_CHUNK).map((ledger_id) => ({
              job_id: job.id,
              ledger_id,
              outcome: 'pending' as const,
              message: null,
            })),
          )
          .execute();
      }
    });
  }

  byId(id: string) {
    return this.db
      .selectFrom('bulk_revocation')
      .leftJoin('staff', 'staff.id', 'bulk_revocation.created_by')
      .leftJoin('staff as stopper', 'stopper.id', 'bulk_revocation.stopped_by')
      .leftJoin('staff as runner', 'runner.id', 'bulk_revocation.run_by')
      .selectAll('bulk_revocation')
      .select(['runner.email as runner_email', 'runner.display_name as runner_name'])
      .select(['staff.email as creator_email', 'staff.display_name as creator_name'])
      .select(['stopper.email as stopper_email', 'stopper.display_name as stopper_name'])
      .where('bulk_revocation.id', '=', id)
      .executeTakeFirst();
  }

  /**
   * What became of its tokens. A token still pending is counted as the ledger has it: revoked
   * there (its revoke went through before its outcome was written) is revoked; of a job that
   * ended, one whose revoke was never sent or was refused since (not revocation pending) is
   * stopped, still valid; the rest are pending.
   */
  counts(id: string): Promise<BulkCounts> {
    return countsIn(this.db, id);
  }

  /**
   * Its pending tokens whose revoke was sent to the token service and is not answered yet (the
   * ledger says "Revocation pending"): a stop lets them finish, so they may still be revoked.
   */
  sent(id: string) {
    return sentIn(this.db, id);
  }

  /**
   * Who stopped the job (Stop revoking), or null while nobody has: read by its runner before
   * each token.
   */
  async stoppedBy(id: string) {
    const row = await this.db
      .selectFrom('bulk_revocation')
      .select(['stopped_by', 'stopped_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.stopped_at == null ? null : (row.stopped_by ?? '');
  }

  /**
   * Stop revoking: marks a running job stopped by `by` at `at`, with the stop's audit entry
   * (made of the counts then) in the same transaction. False when it was stopped already or
   * is done: the first stop is the one recorded.
   */
  async stop(
    id: string,
    by: string,
    at: number,
    audit: (counts: BulkCounts & { sent: number }) => Insertable<AuditTable>,
  ) {
    return this.writes.run(async (trx) => {
      const stopped = await trx
        .updateTable('bulk_revocation')
        .set({ stopped_by: by, stopped_at: at })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('stopped_at', 'is', null)
        .executeTakeFirst();
      if (Number(stopped.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto('audit_log')
        .values(audit({ ...(await countsIn(trx, id)), sent: await sentIn(trx, id) }))
        .execute();
      return true;
    });
  }

  /**
   * Ends a stopped job: what is still pending is settled from the ledger: revoked there (the
   * revoke reached the token service, its runner stopped before writing so) is `revoked`; a
   * revoke sent and not answered yet (revocation pending) stays pending, in flight, counted
   * from the ledger once it settles (`counts`); the rest was never sent and is left as it is
   * (`stopped`). The job is done with its audit entry (made of the final counts, `sent` the
   * ones in flight), in one transaction. Once: a job that ended meanwhile stays as it ended.
   */
  async endStopped(
    id: string,
    runId: string,
    at: number,
    audit: (counts: BulkCounts) => Insertable<AuditTable>,
  ) {
    await this.writes.run(async (trx) => {
      // The job first, as a stop and a retry take it, so that on PostgreSQL they wait in turn.
      // Only by the run that holds it: one taken over meanwhile is the new run's to end.
      const ended = await trx
        .updateTable('bulk_revocation')
        .set({ state: 'done', finished_at: at })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('run_id', '=', runId)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) !== 1) return;
      await trx
        .updateTable('bulk_revocation_item')
        .set({ outcome: 'revoked', message: null })
        .where('job_id', '=', id)
        .where('outcome', '=', 'pending')
        .where((eb) => eb.exists(ledgerRowOf(eb).where('ledger.revoked_at', 'is not', null)))
        .execute();
      await trx
        .updateTable('bulk_revocation_item')
        .set({ outcome: 'stopped', message: null })
        .where('job_id', '=', id)
        .where('outcome', '=', 'pending')
        .where((eb) =>
          eb.not(
            eb.exists(ledgerRowOf(eb).where('ledger.revocation_requested_at', 'is not', null)),
          ),
        )
        .execute();
      await trx
        .insertInto('audit_log')
        .values(audit(await countsIn(trx, id)))
        .execute();
    });
  }

  /** The first failures, with the ledger facts the summary shows. */
  failures(id: string, limit: number) {
    return this.db
      .selectFrom('bulk_revocation_item')
      .innerJoin('ledger', 'ledger.id', 'bulk_revocation_item.ledger_id')
      .select([
        'ledger.id',
        'ledger.tag',
        'ledger.viewer_user',
        'ledger.expires_at',
        'bulk_revocation_item.message',
      ])
      .where('bulk_revocation_item.job_id', '=', id)
      .where('bulk_revocation_item.outcome', '=', 'failed')
      .orderBy('bulk_revocation_item.ledger_id')
      .limit(limit)
      .execute();
  }

  async pending(id: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('bulk_revocation_item')
      .select('ledger_id')
      .where('job_id', '=', id)
      .where('outcome', '=', 'pending')
      .orderBy('ledger_id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.ledger_id);
  }

  /**
   * Writes what became of a pending token, while the job is still run `runId`'s (running, not
   * taken over): false when it no longer is, and nothing is written, so a runner that stalled
   * cannot overwrite the outcomes of the one that took the job over. A token no longer
   * pending (the other runner settled it first) keeps its outcome.
   */
  async settle(
    id: string,
    runId: string,
    ledgerId: string,
    outcome: BulkRevocationOutcome,
    message: string | null,
  ): Promise<boolean> {
    return this.writes.run(async (trx) => {
      await trx
        .updateTable('bulk_revocation_item')
        .set({ outcome, message })
        .where('job_id', '=', id)
        .where('ledger_id', '=', ledgerId)
        .where('outcome', '=', 'pending')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('bulk_revocation')
              .select('bulk_revocation.id')
              .where('bulk_revocation.id', '=', id)
              .where('bulk_revocation.state', '=', 'running')
              .where('bulk_revocation.run_id', '=', runId),
          ),
        )
        .execute();
      return holds(trx, id, runId);
    });
  }

  /**
   * The runner stops before the end (its app closes): the heartbeat goes stale at once, so
   * that the next replica that looks takes the job over. Only while the job is this run's
   * (`runId`): a job someone else took over meanwhile stays theirs.
   */
  async release(id: string, runId: string) {
    await this.writes.run((trx) =>
      trx
        .updateTable('bulk_revocation')
        .set({ heartbeat_at: 0 })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('run_id', '=', runId)
        .execute(),
    );
  }

  /**
   * Takes over a job still running whose runner stopped beating before `staleBefore`; true when
   * this call won, and its new run `runId` begins `at`: the runner it was taken from, should it
   * recover, finds the job no longer its own and stops. A job that ended meanwhile stays done.
   */
  async takeOver(id: string, at: number, staleBefore: number, runId: string) {
    return this.writes.run(async (trx) => {
      const taken = await trx
        .updateTable('bulk_revocation')
        .set({ heartbeat_at: at })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('heartbeat_at', '<', staleBefore)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) return false;
      await beginRun(trx, id, at, runId);
      return true;
    });
  }

  /**
   * Running jobs whose runner has said nothing since `before` (its process stopped), oldest
   * first, with the account of who runs them (`run_by`: the starter, or who retried last); a
   * job whose account is gone is not among them (it waits for an admin's Retry).
   */
  stale(before: number, limit: number) {
    return this.db
      .selectFrom('bulk_revocation')
      .innerJoin('staff', 'staff.id', 'bulk_revocation.run_by')
      .selectAll('bulk_revocation')
      .select(['staff.role as runner_role'])
      .where('bulk_revocation.state', '=', 'running')
      .where('bulk_revocation.heartbeat_at', '<', before)
      .orderBy('bulk_revocation.created_at')
      .limit(limit)
      .execute();
  }

  /**
   * Run `runId` says it is alive at `at`; false when the job is no longer its own (taken over
   * while it was silent, or ended), and then the runner stops.
   */
  async heartbeat(id: string, runId: string, at: number): Promise<boolean> {
    const beat = await this.db
      .updateTable('bulk_revocation')
      .set({ heartbeat_at: at })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return Number(beat.numUpdatedRows) === 1;
  }

  /**
   * Removes up to `limit` jobs that finished before `before`, with their items: one job per
   * transaction (a job may cover thousands of tokens), each removal conditional on the job
   * still being done then, so a retry that took it over keeps it and replicas may all run
   * this. How many went.
   */
  async purgeFinished(before: number, limit: number): Promise<number> {
    const due = await this.db
      .selectFrom('bulk_revocation')
      .select('id')
      .where('state', '=', 'done')
      .where('finished_at', '<', before)
      .orderBy('finished_at')
      .limit(limit)
      .execute();
    let removed = 0;
    for (const { id } of due) {
      removed += await this.writes.run(async (trx) => {
        const job = await trx
          .deleteFrom('bulk_revocation')
          .where('id', '=', id)
          .where('state', '=', 'done')
          .where('finished_at', '<', before)
          .executeTakeFirst();
        if (Number(job.numDeletedRows) !== 1) return 0;
        await trx.deleteFrom('bulk_revocation_item').where('job_id', '=', id).execute();
        return 1;
      });
    }
    return removed;
  }

  /**
   * Done by run `runId`, with the operation's audit entry in the same transaction; false when
   * someone stopped the job since its runner last looked (it ends as stopped then,
   * `endStopped`), it ended already, or another run took it over.
   */
  async finish(id: string, runId: string, at: number, audit: Insertable<AuditTable>) {
    return this.writes.run(async (trx) => {
      const done = await trx
        .updateTable('bulk_revocation')
        .set({ state: 'done', finished_at: at })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('run_id', '=', runId)
        .where('stopped_at', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) return false;
      await trx.insertInto('audit_log').values(audit).execute();
      return true;
    });
  }

  /**
   * Takes the job over for another run of its failures and of what an interrupted run left
   * pending: when it is done (a retry) or its runner stopped beating (`staleBefore`), and only
   * while it has such a token (a second retry of the same failures runs nothing). The failures
   * go back to pending. True when this call won (conditional, so two replicas never run one
   * job twice); its new run `runId` begins `at`, from the tokens settled once the failures
   * went back, run by `runBy` (who retried it), as whom a takeover goes on.
   */
  async claim(id: string, at: number, staleBefore: number, runId: string, runBy: string) {
    return this.writes.run(async (trx) => {
      const claimed = await trx
        .updateTable('bulk_revocation')
        .set({ state: 'running', heartbeat_at: at, finished_at: null, run_by: runBy })
        .where('id', '=', id)
        // A stopped job is not run again: the rest of it was left on purpose.
        .where('stopped_at', 'is', null)
        .where((eb) => eb.or([eb('state', '=', 'done'), eb('heartbeat_at', '<', staleBefore)]))
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('bulk_revocation_item')
              .select('bulk_revocation_item.ledger_id')
              .whereRef('bulk_revocation_item.job_id', '=', 'bulk_revocation.id')
              .where('bulk_revocation_item.outcome', 'in', ['failed', 'pending']),
          ),
        )
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      await trx
        .updateTable('bulk_revocation_item')
        .set({ outcome: 'pending', message: null })
        .where('job_id', '=', id)
        .where('outcome', '=', 'failed')
        .execute();
      await beginRun(trx, id, at, runId);
      return true;
    });
  }
}

/** Whether the job is still running as run `runId`. */
/** The ledger row of a job's token (by its primary key, whatever the ledger's size). */
const ledgerRowOf = (eb: ExpressionBuilder<Database, 'bulk_revocation_item'>) =>
  eb
    .selectFrom('ledger')
    .select('ledger.id')
    .whereRef('ledger.id', '=', 'bulk_revocation_item.ledger_id');

async function holds(db: Kysely<Database>, id: string, runId: string) {
  const row = await db
    .selectFrom('bulk_revocation')
    .select('id')
    .where('id', '=', id)
    .where('state', '=', 'running')
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Its pending tokens whose revoke was sent and is not answered yet (see `sent`). */
async function sentIn(db: Kysely<Database>, id: string) {
  const row = await db
    .selectFrom('bulk_revocation_item')
    .innerJoin('ledger', 'ledger.id', 'bulk_revocation_item.ledger_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bulk_revocation_item.job_id', '=', id)
    .where('bulk_revocation_item.outcome', '=', 'pending')
    .where('ledger.revocation_requested_at', 'is not', null)
    .where('ledger.revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** See `counts`. */
async function countsIn(db: Kysely<Database>, id: string): Promise<BulkCounts> {
  const rows = await db
    .selectFrom('bulk_revocation_item')
    .innerJoin('bulk_revocation', 'bulk_revocation.id', 'bulk_revocation_item.job_id')
    .leftJoin('ledger', 'ledger.id', 'bulk_revocation_item.ledger_id')
    .select((eb) => [
      eb
        .case()
        .when('bulk_revocation_item.outcome', '!=', 'pending')
        .then(eb.ref('bulk_revocation_item.outcome'))
        .when('ledger.revoked_at', 'is not', null)
        .then(sql.lit<BulkRevocationOutcome>('revoked'))
        .when(
          eb.and([
            eb('bulk_revocation.state', '=', 'done'),
            eb('ledger.revocation_requested_at', 'is', null),
          ]),
        )
        .then(sql.lit<BulkRevocationOutcome>('stopped'))
        .else(sql.lit<BulkRevocationOutcome>('pending'))
        .end()
        .as('counted_as'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('bulk_revocation_item.job_id', '=', id)
    .groupBy(sql.ref('counted_as'))
    .execute();
  const counts: BulkCounts = { pending: 0, revoked: 0, skipped: 0, failed: 0, stopped: 0 };
  for (const row of rows) counts[row.counted_as] = Number(row.n);
  return counts;
}
