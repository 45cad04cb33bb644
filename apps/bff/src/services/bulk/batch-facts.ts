import {
  BULK_ISSUES_SHOWN,
  can,
  type Role,
  type BulkBatch,
  type BulkBatchSummary,
  type TokenTarget,
} from '@ptd/contracts';
import type { BulkBatchRow } from '../../db/repositories/bulk-batches.ts';
import type { BulkDeps } from './deps.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** The target as the audit log names it: its type and how many streams, never more. */
export function targetFacts(target: TokenTarget) {
  if (target.type === 'streams') return { type: 'streams', streams: target.streams.length };
  if (target.type === 'group') return { type: 'group', groupId: target.groupId };
  return { type: 'organisation' };
}

/**
 * A batch's rows are minted as its creator: only while that account is enabled and has a role
 * that may create tokens (the worker asks before each row, retry and resume before they start).
 */
export const creatorMayMint = (
  creator: { role: Role | null; disabled: number | null } | undefined,
): boolean =>
  creator !== undefined &&
  creator.role !== null &&
  !creator.disabled &&
  can(creator.role, 'createToken');

/** The `batch.finish` entry, with the counts the batch ended with. */
export async function finishedAudit(deps: Pick<BulkDeps, 'repos'>, id: string) {
  const counts = await deps.repos.batches.counts(id);
  return deps.repos.audit.row({
    action: 'batch.finish',
    actorId: null,
    subject: id,
    details: { minted: counts.minted, failed: counts.failed, cancelled: counts.cancelled },
  });
}

export type BatchWithCreator = BulkBatchRow & {
  creator_email: string | null;
  creator_name: string | null;
  creator_role: Role | null;
  creator_disabled: number | null;
};

type Counts = Record<'pending' | 'minting' | 'minted' | 'failed' | 'cancelled', number>;

/** What the list and the batch page both show of a batch: state, counts, its results' fate. */
export function toBulkBatchSummary(row: BatchWithCreator, counts: Counts): BulkBatchSummary {
  return {
    id: row.id,
    state: row.state,
    target: JSON.parse(row.target) as Record<string, unknown>,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    createdBy:
      row.creator_email !== null && row.creator_name !== null
        ? { id: row.created_by, email: row.creator_email, displayName: row.creator_name }
        : null,
    finishedAt: iso(row.finished_at),
    counts: { total: row.row_count, ...counts },
    resultsAvailable:
      row.state !== 'minting' &&
      row.downloaded_at === null &&
      row.results_expired_at === null &&
      // Rows in flight, and those the token service told to wait, go in the file too.
      counts.minting + counts.pending === 0 &&
      counts.minted > 0,
    resultsDownloadedAt: iso(row.downloaded_at),
    resultsExpiredAt: iso(row.results_expired_at),
    run: {
      startedAt: new Date(Number(row.run_started_at)).toISOString(),
      settled: Number(row.run_settled),
    },
    creatorMayMint: creatorMayMint({ role: row.creator_role, disabled: row.creator_disabled }),
  };
}

export async function toBulkBatch(
  deps: Pick<BulkDeps, 'repos'>,
  row: BatchWithCreator,
): Promise<BulkBatch> {
  const [counts, failed] = await Promise.all([
    deps.repos.batches.counts(row.id),
    deps.repos.batches.failedRows(row.id, BULK_ISSUES_SHOWN),
  ]);
  return {
    ...toBulkBatchSummary(row, counts),
    failedRows: failed.map((f) => ({
      row: f.n,
      user: f.viewer_user,
      tag: f.tag,
      reason: f.error_message ?? 'Not minted.',
    })),
  };
}
