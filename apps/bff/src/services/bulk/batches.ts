import {
  BULK_ISSUES_SHOWN,
  rowRequest,
  validateBulkRows,
  type BulkBatch,
  type BulkBatchRequest,
  type BulkIssue,
  type BulkPreview,
  type TokenTarget,
} from '@ptd/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BulkRowRow } from '../../db/repositories/bulk-batches.ts';
import { HttpError, notFound, unauthenticated } from '../../lib/errors.ts';
import { appendOnlyId } from '../../lib/ids.ts';
import { secureMissing } from '../../upstream/errors.ts';
import { auditEntry } from '../audit.ts';
import { readOnlyCredential } from '../credential-role.ts';
import { targetFacts, toBulkBatch } from './batch-facts.ts';

/** Every row judged again here: the browser's preview is a convenience, not a check. */
export function previewBatch(app: FastifyInstance, body: BulkBatchRequest): BulkPreview {
  const { issues } = validateBulkRows(body.options, body.rows, app.now);
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

const staffOf = (request: FastifyRequest) => {
  if (!request.staff) throw unauthenticated();
  return request.staff;
};

/**
 * Validates every row, then stores the batch and its rows for the worker; nothing is minted
 * here. Refused as a whole when any row is wrong (the preview lists them all).
 */
export async function createBatch(
  app: FastifyInstance,
  request: FastifyRequest,
  body: BulkBatchRequest,
): Promise<BulkBatch> {
  const staff = staffOf(request);
  const { requests, issues } = validateBulkRows(body.options, body.rows, app.now);
  if (issues.length > 0) throw rowsRefused(issues);
  const organisation = await app.organisation();
  if (!organisation.securePackage) throw secureMissing();
  if (organisation.credentialRole === 'nanoReadOnly') throw readOnlyCredential();

  const id = appendOnlyId();
  const now = app.now();
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
  await app.repos.batches.insert(
    {
      id,
      created_by: staff.id,
      created_at: now,
      ip: request.ip,
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
    app.repos.audit.row(
      auditEntry(request, 'batch.create', {
        subject: id,
        details: { rows: rows.length, target: targetFacts(target) },
      }),
    ),
  );
  app.bulkWorker.kick();
  return getBatch(app, request, id);
}

/** The batch for its creator and for admins; anyone else is told it does not exist. */
export async function findBatch(app: FastifyInstance, request: FastifyRequest, id: string) {
  const staff = staffOf(request);
  const row = await app.repos.batches.byId(id);
  if (!row || (row.created_by !== staff.id && staff.role !== 'admin')) {
    throw notFound('The batch');
  }
  return row;
}

export async function getBatch(app: FastifyInstance, request: FastifyRequest, id: string) {
  return toBulkBatch(app, await findBatch(app, request, id));
}

export async function cancelBatch(app: FastifyInstance, request: FastifyRequest, id: string) {
  const row = await findBatch(app, request, id);
  const cancelled = await app.repos.batches.cancel(
    id,
    app.now(),
    app.repos.audit.row(auditEntry(request, 'batch.cancel', { subject: id })),
  );
  if (!cancelled && row.state === 'minting') {
    // It finished in the meantime: the answer below says so.
    request.log.info({ batchId: id }, 'batch finished before it could be cancelled');
  }
  return getBatch(app, request, id);
}

export async function retryBatch(app: FastifyInstance, request: FastifyRequest, id: string) {
  const row = await findBatch(app, request, id);
  if (row.downloaded_at !== null) {
    throw new HttpError(
      409,
      'results-downloaded',
      'The results of this batch were downloaded already, so its failed rows cannot be added to them. Create a new batch for those rows.',
    );
  }
  const retried = await app.repos.batches.retryFailed(id, (rows) =>
    app.repos.audit.row(auditEntry(request, 'batch.retry', { subject: id, details: { rows } })),
  );
  if (retried === 0) {
    throw new HttpError(409, 'nothing-to-retry', 'No row of this batch has failed.');
  }
  app.bulkWorker.kick();
  return getBatch(app, request, id);
}
