import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BulkBatchRepository } from '../../src/db/repositories/bulk-batches.ts';
import type { BulkBatchTable, BulkRevocationTable, Database } from '../../src/db/schema.ts';
import { WriteQueue } from '../../src/db/write-queue.ts';
import { toBulkBatchSummary } from '../../src/services/bulk/batch-facts.ts';
import { useTestDataDirs } from '../helpers/data-dirs.ts';
import { databaseAt, openMigrated } from '../helpers/migrations.ts';

const newDataDir = useTestDataDirs('ptd-migrate-');
const at = Date.UTC(2026, 10, 20, 18, 0);

type Run = 'run_started_at' | 'run_settled';
/** The tables as the previous release had them: no run yet. */
type Before = Omit<Database, 'bulk_batch' | 'bulk_revocation'> & {
  bulk_batch: Omit<BulkBatchTable, Run>;
  bulk_revocation: Omit<BulkRevocationTable, Run>;
};

describe('migration 025-bulk-run-start', () => {
  it('should begin the run of batches and revokes by filter from before at their creation, with nothing settled', async () => {
    const dataDir = await newDataDir();
    const old = (await databaseAt(
      dataDir,
      '023-bulk-revocation-stop',
    )) as unknown as Kysely<Before>;
    await old
      .insertInto('bulk_batch')
      .values({
        id: 'batch-1',
        created_by: 'staff-1',
        created_at: at,
        ip: null,
        target: JSON.stringify({ type: 'organisation' }),
        row_count: 2,
        state: 'minting',
        finished_at: null,
        downloaded_at: null,
        results_expired_at: null,
        lease_owner: null,
        lease_until: null,
      })
      .execute();
    await old
      .insertInto('bulk_row')
      .values(
        [1, 2].map((n) => ({
          batch_id: 'batch-1',
          n,
          request: '{}',
          viewer_user: `guest-${n}`,
          tag: null,
          state: n === 1 ? ('minted' as const) : ('pending' as const),
          ledger_id: null,
          encrypted_token: null,
          error_code: null,
          error_message: null,
          not_before_ms: null,
        })),
      )
      .execute();
    await old
      .insertInto('bulk_revocation')
      .values({
        id: 'job-1',
        created_by: 'staff-1',
        created_at: at + 1000,
        filter: '{}',
        own_only: 0,
        state: 'running',
        heartbeat_at: at + 5000,
        finished_at: null,
      })
      .execute();
    await old.destroy();

    const db = await openMigrated(dataDir);
    try {
      const batch = await db
        .selectFrom('bulk_batch')
        .select(['run_started_at', 'run_settled'])
        .executeTakeFirstOrThrow();
      expect([Number(batch.run_started_at), Number(batch.run_settled)]).toEqual([at, 0]);
      const job = await db
        .selectFrom('bulk_revocation')
        .select(['run_started_at', 'run_settled'])
        .executeTakeFirstOrThrow();
      expect([Number(job.run_started_at), Number(job.run_settled)]).toEqual([at + 1000, 0]);

      // As the batch page reads it: the pace from its creation, as before.
      const repo = new BulkBatchRepository(db, new WriteQueue(db));
      const row = await repo.byId('batch-1');
      const summary = toBulkBatchSummary(row!, await repo.counts('batch-1'));
      expect(summary.run).toEqual({ startedAt: new Date(at).toISOString(), settled: 0 });
      // Taken over by a worker now: its run begins then, from the row minted before.
      await repo.runBegins('batch-1', at + 60_000);
      const taken = await repo.byId('batch-1');
      expect([Number(taken!.run_started_at), Number(taken!.run_settled)]).toEqual([at + 60_000, 1]);
    } finally {
      await db.destroy();
    }
  });
});
