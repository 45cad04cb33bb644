import {
  BULK_ISSUES_SHOWN,
  rowRequest,
  validateBulkRows,
  type BulkBatch,
  type BulkBatchList,
  type BulkBatchListQuery,
  type BulkBatchRequest,
  type BulkIssue,
  type BulkPreview,
  type TokenTarget,
} from '@ptd/contracts';
import type { BulkRowRow } from '../../db/repositories/bulk-batches.ts';
import { HttpError, notFound } from '../../lib/errors.ts';
import { appendOnlyId } from '../../lib/ids.ts';
import { secureMissing } from '../../upstream/errors.ts';
import { actorEntry, type StaffActor } from '../actor.ts';
import { readOnlyCredential } from '../credential-role.ts';
import {
  creatorMayMint,
  finishedAudit,
  targetFacts,
  toBulkBatch,
  toBulkBatchSummary,
  type BatchWithCreator,
} from './batch-facts.ts';
import type { BulkDeps } from './deps.ts';
import type { BulkWorker } from './worker.ts';

type BatchDeps = Pick<BulkDeps, 'repos' | 'now' | 'organisation'>;
/** Writes new work (refused while it stops) and looks for it at once rather than at its next poll. */
type Worker = Pick<BulkWorker, 'accept'>;

/** Every row judged again here: the browser's preview is a convenience, not a check. */
export function previewBatch(deps: Pick<BulkDeps, 'now'>, body: BulkBatchRequest): BulkPreview {
  const { issues } = validateBulkRows(body.options, body.rows, deps.now);
  return {
    rows: body.rows.length,
    issues: issues.slice(0, BULK_ISSUES_SHOWN),
    issueCount: issues.length,
  };
}

const issuePath = (issue: BulkIssue) =>
  issue.row === 0 ? `options.${issue.column}` : `rows.${issue.row - 1}.${issue.column}`;

function rowsRefused(issues: BulkIssue[]) {
  const first = issues[0] as BulkIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new HttpError(400, 'invalid-rows', `${first.message}${more}`, {
    issues: issues.slice(0, BULK_ISSUES_SHOWN).map((issue) => ({
      path: issuePath(issue),
      message: issue.message,
    })),
  });
}

/**
 * Validates every row, then stores the batch and its rows for the worker; nothing is minted
 * here. Refused as a whole when any row is wrong (the preview lists them all).
 */
export async function createBatch(
  deps: BatchDeps,
  worker: Worker,
  actor: StaffActor,
  body: BulkBatchRequest,
): Promise<BulkBatch> {
  const { requests, issues } = validateBulkRows(body.options, body.rows, deps.now);
  if (issues.length > 0) throw rowsRefused(issues);
  const organisation = await deps.organisation();
  if (!organisation.securePackage) throw secureMissing();
  if (organisation.credentialRole === 'nanoReadOnly') throw readOnlyCredential();

  const id = appendOnlyId();
  const now = deps.now();
  const target = (requests[0] as { target: TokenTarget }).target;
  const rows: BulkRowRow[] = body.rows.map((row, i) => ({
    batch_id: id,
    n: i + 1,
    // The input, not the parsed request: a preset expiry is counted from when the row is minted.
    request: JSON.stringify(rowRequest(body.options, row)),
    viewer_user: requests[i]?.user ?? null,
    tag: requests[i]?.tag ?? null,
    state: 'pending',
    ledger_id: null,
    encrypted_token: null,
    error_code: null,
    error_message: null,
    not_before_ms: null,
  }));
  await worker.accept(() =>
    deps.repos.batches.insert(
      {
        id,
        created_by: actor.staff.id,
        created_at: now,
        ip: actor.ip,
        target: JSON.stringify(target),
        row_count: rows.length,
        state: 'minting',
        finished_at: null,
        downloaded_at: null,
        results_expired_at: null,
        lease_owner: null,
        lease_until: null,
      },
      rows,
      deps.repos.audit.row(
        actorEntry(actor, 'batch.create', {
          subject: id,
          details: { rows: rows.length, target: targetFacts(target) },
        }),
      ),
    ),
  );
  return getBatch(deps, actor, id);
}

/** The batch for its creator and for admins; anyone else is told it does not exist. */
export async function findBatch(deps: Pick<BulkDeps, 'repos'>, actor: StaffActor, id: string) {
  const { staff } = actor;
  const row = await deps.repos.batches.byId(id);
  if (!row || (row.created_by !== staff.id && staff.role !== 'admin')) {
    throw notFound('The batch');
  }
  return row;
}

/**
 * Recent batches, newest first: an editor's own, an admin's everyone's (with who created each).
 * One read for the page and one for all its counts; never a row's values or a token.
 */
export async function listBatches(
  deps: Pick<BulkDeps, 'repos'>,
  actor: StaffActor,
  query: BulkBatchListQuery,
): Promise<BulkBatchList> {
  const { staff } = actor;
  const rows = await deps.repos.batches.page({
    ...(staff.role === 'admin' ? {} : { createdBy: staff.id }),
    ...(query.cursor === undefined ? {} : { before: query.cursor }),
    limit: query.pageSize + 1,
  });
  const page = rows.slice(0, query.pageSize);
  const counts = await deps.repos.batches.countsOf(page.map((row) => row.id));
  return {
    items: page.map((row) => toBulkBatchSummary(row, counts.get(row.id)!)),
    pageSize: query.pageSize,
    nextCursor: rows.length > query.pageSize ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function getBatch(deps: Pick<BulkDeps, 'repos'>, actor: StaffActor, id: string) {
  return toBulkBatch(deps, await findBatch(deps, actor, id));
}

export async function cancelBatch(deps: BatchDeps, actor: StaffActor, id: string) {
  const row = await findBatch(deps, actor, id);
  const cancelled = await deps.repos.batches.cancel(
    id,
    deps.repos.audit.row(actorEntry(actor, 'batch.cancel', { subject: id })),
  );
  if (cancelled) {
    // Nothing in flight: it ends now, with its counts (else the worker ends it after them).
    await deps.repos.batches.finishIfDone(id, deps.now(), () => finishedAudit(deps, id));
  } else if (row.state === 'minting') {
    // It finished in the meantime: the answer below says so.
    actor.log.info({ batchId: id }, 'batch finished before it could be cancelled');
  }
  return getBatch(deps, actor, id);
}

export async function retryBatch(deps: BatchDeps, worker: Worker, actor: StaffActor, id: string) {
  const row = await findBatch(deps, actor, id);
  refuseOnceResultsGone(row, 'failed');
  refuseOnceCreatorMayNotMint(row, 'failed');
  const retried = await worker.accept(() =>
    deps.repos.batches.retryFailed(id, deps.now(), (rows) =>
      deps.repos.audit.row(actorEntry(actor, 'batch.retry', { subject: id, details: { rows } })),
    ),
  );
  if (retried === 0) {
    throw new HttpError(409, 'nothing-to-retry', 'No row of this batch has failed.');
  }
  return getBatch(deps, actor, id);
}

/**
 * Rows minted again (failed ones retried, cancelled ones resumed) go to the results file, the
 * one place their tokens are handed out: only while it can still be downloaded, neither taken
 * nor erased. Tokens minted after it would never reach anyone, and their sealed values would
 * outlive the week's erasing.
 */
function refuseOnceResultsGone(
  row: { downloaded_at: number | null; results_expired_at: number | null },
  rows: 'failed' | 'cancelled',
) {
  if (row.downloaded_at !== null) {
    throw new HttpError(
      409,
      'results-downloaded',
      `The results of this batch were downloaded already, so its ${rows} rows cannot be added to them. Create a new batch for those rows.`,
    );
  }
  if (row.results_expired_at !== null) {
    throw new HttpError(
      409,
      'results-expired',
      `The tokens of this batch were erased a week after minting ended, so its ${rows} rows cannot be added to them. Create a new batch for those rows.`,
    );
  }
}

/**
 * A batch's rows are minted as its creator: once that account is disabled or its role may no
 * longer create tokens, a retry or a resume would only fail every row again at once.
 */
function refuseOnceCreatorMayNotMint(row: BatchWithCreator, rows: 'failed' | 'cancelled') {
  if (creatorMayMint({ role: row.creator_role, disabled: row.creator_disabled })) return;
  const who = row.creator_email ?? 'the staff member who created it';
  throw new HttpError(
    409,
    'creator-not-allowed',
    `This batch's tokens are minted as its creator, ${who}, whose account may no longer create tokens (it was disabled or its role changed), so its ${rows} rows cannot be minted. Create a new batch for those rows.`,
  );
}

/**
 * Mints the rows a cancel left unminted after all, as a retry mints the failed ones (the same
 * worker, each row claimed once). Only while the results can still be downloaded: the file
 * is the one place their tokens are handed out.
 */
export async function resumeBatch(deps: BatchDeps, worker: Worker, actor: StaffActor, id: string) {
  const row = await findBatch(deps, actor, id);
  refuseOnceResultsGone(row, 'cancelled');
  refuseOnceCreatorMayNotMint(row, 'cancelled');
  const resumed = await worker.accept(() =>
    deps.repos.batches.resumeCancelled(id, deps.now(), (rows) =>
      deps.repos.audit.row(actorEntry(actor, 'batch.resume', { subject: id, details: { rows } })),
    ),
  );
  if (resumed === 0) {
    throw new HttpError(409, 'nothing-to-resume', 'No row of this batch was cancelled.');
  }
  return getBatch(deps, actor, id);
}
