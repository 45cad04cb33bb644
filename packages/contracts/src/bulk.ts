import { z } from 'zod';
import { withFieldName } from './field-message.ts';
import { createTokenRequestSchema, type TokenRequest } from './token-request.ts';

/**
 * Tokens in bulk: one target and one set of options for many viewers, each row naming its
 * viewer (user id) and optionally its own tag, client IP, domain, expiry and not-before.
 */
export const BULK_LIMITS = {
  maxRows: 10_000,
  /** A CSV of 10,000 full rows is well under 2 MB; anything far larger is not a token list. */
  maxFileBytes: 5 * 1024 * 1024,
  /** Characters a single cell may hold before the token rules judge it. */
  maxCell: 512,
  maxPrefix: 64,
} as const;

export const BULK_COLUMNS = ['user', 'tag', 'ip', 'domain', 'expiresAt', 'notBefore'] as const;
export type BulkColumn = (typeof BULK_COLUMNS)[number];

/** How the preview and the messages name each column. */
export const BULK_COLUMN_LABELS: Record<BulkColumn, string> = {
  user: 'user id',
  tag: 'tag',
  ip: 'client IP',
  domain: 'domain',
  expiresAt: 'expiry',
  notBefore: 'not before',
};

const cell = z
  .string()
  .max(BULK_LIMITS.maxCell, { error: `use at most ${BULK_LIMITS.maxCell} characters.` })
  .optional();

/** One row as given (CSV cells or generated); the token rules judge it in `validateBulkRows`. */
export const bulkRowSchema = z.strictObject({
  user: cell,
  tag: cell,
  ip: cell,
  domain: cell,
  expiresAt: cell,
  notBefore: cell,
});
export type BulkRow = z.infer<typeof bulkRowSchema>;

/** A problem of one row (row 0: the shared options), in the words the preview shows. */
export interface BulkIssue {
  row: number;
  /** A row column, or the options' field (`target`, `expiresIn`, …) for row 0. */
  column: string;
  message: string;
}

export const bulkIssueSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  message: z.string(),
});

/**
 * The token form's target and options, shared by every row; a row's own cells win. Every batch
 * has a target, so the schema (and the API document) says so; what the target and the other
 * options hold is judged by the token rules with each row (validateBulkRows), so that a wrong
 * option is reported as the preview shows it, by field.
 */
export const bulkOptionsSchema = z.looseObject({
  target: z.record(z.string(), z.unknown(), {
    error: 'Target: choose what the tokens play: streams, a stream group or every stream.',
  }),
});
export type BulkOptions = z.infer<typeof bulkOptionsSchema>;

export const bulkBatchRequestSchema = z.strictObject({
  options: bulkOptionsSchema,
  rows: z
    .array(bulkRowSchema)
    .min(1, { error: 'Rows: add at least one row.' })
    .max(BULK_LIMITS.maxRows, {
      error: `Rows: at most ${BULK_LIMITS.maxRows.toLocaleString('en')} tokens in a batch. Split the list into several batches.`,
    }),
});
export type BulkBatchRequest = z.infer<typeof bulkBatchRequestSchema>;

const present = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** The token request a row stands for: the options, with the row's own cells over them. */
export function rowRequest(
  options: Record<string, unknown>,
  row: BulkRow,
): Record<string, unknown> {
  const request: Record<string, unknown> = { ...options };
  for (const column of BULK_COLUMNS) {
    const value = row[column];
    if (present(value)) request[column] = (value as string).trim();
  }
  // A row's own expiry replaces the options' preset ("24 hours"); both would be refused.
  if (present(row.expiresAt)) delete request.expiresIn;
  return request;
}

const FIELD_LABEL = /^[^:]{1,40}: /;

/**
 * A date cell that is no ISO instant: a spreadsheet writes dates its own way ("24/12/2026
 * 18:00"), so the message shows the way the template writes them.
 */
const DATE_CELL_FORMAT =
  'write the date and time as 2026-12-24T18:00:00Z (UTC) or with its offset, 2026-12-24T19:00:00+01:00.';
const DATE_COLUMNS: ReadonlySet<string> = new Set<BulkColumn>(['expiresAt', 'notBefore']);

/** "Client IP: enter …" from the token rules becomes "Row 14, client IP: enter …". */
function rowMessage(row: number, column: string, message: string) {
  const label = BULK_COLUMN_LABELS[column as BulkColumn] ?? column;
  const rest = message.replace(FIELD_LABEL, '');
  // "This is neither …" reads on after the label as "this is neither …"; "IPv6 …" stays.
  const text = /^[A-Z][a-z]/.test(rest) ? rest[0]!.toLowerCase() + rest.slice(1) : rest;
  return row === 0 ? message : `Row ${row}, ${label}: ${text}`;
}

export interface BulkValidation {
  /** The parsed request of each row, in order; empty when there is any issue. */
  requests: TokenRequest[];
  issues: BulkIssue[];
}

/**
 * Every row judged with the same schema as a single token (built per row from the options
 * and its cells), plus the batch's own rules: each row names its viewer, once. The browser's
 * preview and the BFF run this same function.
 */
export function validateBulkRows(
  options: Record<string, unknown>,
  rows: BulkRow[],
  now: () => number = () => Date.now(),
): BulkValidation {
  const schema = createTokenRequestSchema(now);
  const issues: BulkIssue[] = [];
  // The shared options first: a wrong option would otherwise be reported once per row.
  const common = schema.safeParse({ ...options, user: undefined });
  if (!common.success) {
    for (const issue of common.error.issues) {
      // The whole path ("target.groupId"): a message of zod's own names no field.
      const column = issue.path.length > 0 ? issue.path.map(String).join('.') : 'options';
      issues.push({ row: 0, column, message: withFieldName(column, issue.message) });
    }
    return { requests: [], issues };
  }
  const seen = new Map<string, number>();
  const requests: TokenRequest[] = [];
  rows.forEach((row, index) => {
    const n = index + 1;
    if (!present(row.user)) {
      issues.push({
        row: n,
        column: 'user',
        message: rowMessage(n, 'user', 'enter one; each token of a batch names its viewer.'),
      });
    } else {
      const key = (row.user as string).trim().toLowerCase();
      const first = seen.get(key);
      if (first === undefined) seen.set(key, n);
      else {
        issues.push({
          row: n,
          column: 'user',
          message: rowMessage(
            n,
            'user',
            `“${(row.user as string).trim()}” is also in row ${first}; give each viewer a token of their own.`,
          ),
        });
      }
    }
    const parsed = schema.safeParse(rowRequest(options, row));
    if (parsed.success) {
      requests.push(parsed.data);
      return;
    }
    const columns = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'options');
      const column = field === 'expiresIn' ? 'expiresAt' : field;
      // One message per cell is enough to fix it.
      if (columns.has(column)) continue;
      columns.add(column);
      const message =
        DATE_COLUMNS.has(column) && issue.code === 'invalid_format'
          ? DATE_CELL_FORMAT
          : issue.message;
      issues.push({ row: n, column, message: rowMessage(n, column, message) });
    }
  });
  return { requests: issues.length > 0 ? [] : requests, issues };
}

export const bulkGenerateSchema = z.strictObject({
  prefix: z
    .string()
    .trim()
    .min(1, { error: 'Prefix: enter the start of the user ids, such as guest-.' })
    .max(BULK_LIMITS.maxPrefix, { error: `Prefix: at most ${BULK_LIMITS.maxPrefix} characters.` })
    .regex(/^[A-Za-z0-9._@+-]+$/, {
      error: 'Prefix: letters, digits and . _ @ + - only.',
    }),
  count: z.coerce
    .number({ error: 'Count: enter a number of tokens.' })
    .int({ error: 'Count: a whole number of tokens.' })
    .min(1, { error: 'Count: at least one token.' })
    .max(BULK_LIMITS.maxRows, {
      error: `Count: at most ${BULK_LIMITS.maxRows.toLocaleString('en')} tokens in a batch.`,
    }),
});

/** "guest-" and 120 give guest-001 … guest-120 (at least three digits, all the same width). */
export function generateBulkRows(prefix: string, count: number): BulkRow[] {
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, i) => ({
    user: `${prefix}${String(i + 1).padStart(width, '0')}`,
  }));
}

// API answers --------------------------------------------------------------------------------

/** What the preview (and a refused batch) says: at most this many issues are listed. */
export const BULK_ISSUES_SHOWN = 500;

export const bulkPreviewSchema = z.object({
  rows: z.number().int(),
  /** Every problem, by row and column, up to BULK_ISSUES_SHOWN; `issueCount` counts all. */
  issues: z.array(bulkIssueSchema),
  issueCount: z.number().int(),
});
export type BulkPreview = z.infer<typeof bulkPreviewSchema>;

export const BULK_BATCH_STATES = ['minting', 'finished', 'cancelled'] as const;

export const bulkFailedRowSchema = z.object({
  row: z.number().int(),
  user: z.string().nullable(),
  tag: z.string().nullable(),
  /** Why, in the dashboard's words. */
  reason: z.string(),
});
export type BulkFailedRow = z.infer<typeof bulkFailedRowSchema>;

/**
 * The current run of a batch or a revoke by filter: when it began (its creation, a retry,
 * minting a batch's cancelled rows, or the dashboard taking the work over after a restart or
 * from a stopped replica) and how many rows or tokens were settled then. "At this pace, done
 * in …" counts from it.
 */
export const bulkRunSchema = z.object({
  startedAt: z.string(),
  settled: z.number().int(),
});
export type BulkRun = z.infer<typeof bulkRunSchema>;

export const bulkBatchSchema = z.object({
  id: z.string(),
  state: z.enum(BULK_BATCH_STATES),
  target: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), email: z.string(), displayName: z.string() }).nullable(),
  finishedAt: z.string().nullable(),
  counts: z.object({
    total: z.number().int(),
    pending: z.number().int(),
    minting: z.number().int(),
    minted: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  }),
  /** The tokens can be downloaded (once): minting is over and nobody downloaded them yet. */
  resultsAvailable: z.boolean(),
  resultsDownloadedAt: z.string().nullable(),
  /** Never downloaded: the tokens were erased a week after minting ended. */
  resultsExpiredAt: z.string().nullable(),
  /** Its current run; settled counts minted, failed and cancelled rows. */
  run: bulkRunSchema,
  /**
   * Its creator may still create tokens (not disabled, a role that may): its rows are minted as
   * its creator, so failed rows are retried and cancelled ones minted only while this holds.
   */
  creatorMayMint: z.boolean(),
  /** The failed rows, first ones first (at most BULK_ISSUES_SHOWN). */
  failedRows: z.array(bulkFailedRowSchema),
});
export type BulkBatch = z.infer<typeof bulkBatchSchema>;

/** A batch's id: time-ordered UUIDv7, so newest first is by id. */
export const BULK_BATCH_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Recent batches, newest first: an editor's own, an admin's everyone's. Pages follow `cursor`
 * (the answer's `nextCursor`: the last batch's id).
 */
export const bulkBatchListQuerySchema = z.strictObject({
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z
    .string()
    .trim()
    .regex(BULK_BATCH_ID, {
      error: 'Cursor: not one this list gave out; start again from the first page.',
    })
    .optional(),
});
export type BulkBatchListQuery = z.infer<typeof bulkBatchListQuerySchema>;

/** A batch as the list shows it: its counts and state, never a failed row's values or a token. */
export const bulkBatchSummarySchema = bulkBatchSchema.omit({ failedRows: true });
export type BulkBatchSummary = z.infer<typeof bulkBatchSummarySchema>;

export const bulkBatchListSchema = z.object({
  items: z.array(bulkBatchSummarySchema),
  pageSize: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type BulkBatchList = z.infer<typeof bulkBatchListSchema>;
