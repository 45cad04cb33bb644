import { afterEach, describe, expect, it } from 'vitest';
import type { BulkRevocationTable } from '../../src/db/schema.ts';
import { appendOnlyId } from '../../src/lib/ids.ts';
import { applyRetention, retentionDeps } from '../../src/services/tokens/ledger-retention.ts';
import type { TestApp } from '../helpers/app.ts';
import { useTestApp, useTestUpstream } from '../helpers/fixture.ts';

const DAY_MS = 86_400_000;

const upstream = useTestUpstream();
/** Finished revoke-by-filter jobs kept 7 days. */
const { t: week } = useTestApp({ upstream, env: { REVOCATION_JOB_RETENTION_DAYS: '7' } });
/** Kept for ever. */
const { t: forever } = useTestApp({ upstream, env: { REVOCATION_JOB_RETENTION_DAYS: '0' } });
afterEach(async () => {
  for (const t of [week, forever]) {
    await t.app.db.deleteFrom('bulk_revocation_item').execute();
    await t.app.db.deleteFrom('bulk_revocation').execute();
  }
});

/** A job as revoke by filter leaves it, covering `tokens` ledger rows. */
async function job(t: TestApp, state: BulkRevocationTable['state'], endedDaysAgo: number) {
  const id = appendOnlyId();
  const at = t.clock.now() - endedDaysAgo * DAY_MS;
  await t.app.repos.ledger.bulkRevocations.create(
    {
      id,
      created_by: null,
      created_at: at - 60_000,
      filter: JSON.stringify({ tag: 'vip' }),
      own_only: 0,
      state,
      heartbeat_at: at,
      finished_at: state === 'done' ? at : null,
    },
    Array.from({ length: 450 }, () => appendOnlyId()),
  );
  return id;
}

const jobs = async (t: TestApp) =>
  (await t.app.db.selectFrom('bulk_revocation').select('id').execute()).map((r) => r.id).sort();
const itemsOf = async (t: TestApp) =>
  [
    ...new Set(
      (await t.app.db.selectFrom('bulk_revocation_item').select('job_id').execute()).map(
        (r) => r.job_id,
      ),
    ),
  ].sort();

describe('retention of revoke-by-filter jobs', () => {
  it('should remove finished jobs and their tokens list once past the retention period', async () => {
    const old = await job(week, 'done', 8);
    const recent = await job(week, 'done', 6);
    // A run that stopped beating long ago is resumed, not forgotten.
    const interrupted = await job(week, 'running', 30);

    await applyRetention(retentionDeps(week.app), { pauseMs: 0 });

    const kept = [recent, interrupted].sort();
    expect(await jobs(week)).toEqual(kept);
    expect(await itemsOf(week)).toEqual(kept);
    const gone = await week.app.repos.ledger.bulkRevocations.byId(old);
    expect(gone).toBeUndefined();
  });

  it('should keep finished jobs for ever with a retention of 0 days', async () => {
    const old = await job(forever, 'done', 400);
    await applyRetention(retentionDeps(forever.app), { pauseMs: 0 });
    expect(await jobs(forever)).toEqual([old]);
    expect(await itemsOf(forever)).toEqual([old]);
  });
});
