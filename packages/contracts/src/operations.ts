import { z } from 'zod';
import { staffSummarySchema, tokenListQuerySchema, tokenRecordSchema } from './api.ts';
import { bulkRunSchema } from './bulk.ts';

/** The overview's filters without its page and order: what an export or a revoke by filter covers. */
export const tokenFilterSchema = tokenListQuerySchema.pick({
  status: true,
  stream: true,
  streamMatch: true,
  tag: true,
  user: true,
  createdBy: true,
  policy: true,
  batch: true,
  targetType: true,
  expiringWithin: true,
});
export type TokenFilter = z.infer<typeof tokenFilterSchema>;

/** `GET /api/tokens/export.csv`: the overview's filters and order, every page. */
export const tokenExportQuerySchema = tokenListQuerySchema.omit({ pageSize: true, cursor: true });
export type TokenExportQuery = z.infer<typeof tokenExportQuerySchema>;

/** Rows a revoke-by-filter confirmation shows. */
export const BULK_REVOKE_SAMPLE_SIZE = 5;

/** What "Revoke matching…" would revoke, before anyone confirms. */
export const bulkRevocationPreviewSchema = z.object({
  /** Active revocable tokens that match (for editors: of their own). */
  count: z.number().int(),
  /** Active matches that cannot be revoked (created without "Revocable"). */
  notRevocable: z.number().int(),
  /** True for editors: only the tokens they created are covered. */
  ownOnly: z.boolean(),
  /**
   * With a stream filter: how many of `count` are for a stream group or the whole organisation,
   * and so stop playing more than the matching streams when revoked.
   */
  widerTargets: z.number().int().optional(),
  sample: z.array(tokenRecordSchema),
  /** When the count was taken; sent back with it, the same tokens are counted again. */
  asOf: z.string(),
});
export type BulkRevocationPreview = z.infer<typeof bulkRevocationPreviewSchema>;

export const bulkRevocationRequestSchema = z.strictObject({
  filter: tokenFilterSchema,
  /** The count the confirmation showed: a different one now is refused (409) with the new one. */
  expectedCount: z
    .number({ error: 'Expected count: the number of tokens the confirmation showed.' })
    .int({ error: 'Expected count: a whole number.' })
    .min(1, { error: 'Expected count: at least 1 token.' }),
  /**
   * The preview's `asOf`: the tokens counted then (created by then, active then) are counted
   * again, so tokens created since do not change the number. Without it, the tokens as of now.
   */
  asOf: z.iso
    .datetime({
      offset: true,
      error: 'asOf: the time the preview answered with (ISO 8601, e.g. 2026-12-01T06:30:00.000Z).',
    })
    .optional(),
});
export type BulkRevocationRequest = z.input<typeof bulkRevocationRequestSchema>;

export const BULK_REVOCATION_STATES = ['running', 'done', 'interrupted'] as const;

export const bulkRevocationFailureSchema = z.object({
  tokenId: z.string(),
  tag: z.string().nullable(),
  user: z.string().nullable(),
  expiresAt: z.string(),
  message: z.string(),
});

/** A revoke by filter: a job on the server, read again to follow its progress. */
export const bulkRevocationSchema = z.object({
  id: z.string(),
  state: z.enum(BULK_REVOCATION_STATES),
  filter: tokenFilterSchema,
  ownOnly: z.boolean(),
  createdBy: staffSummarySchema.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Stop revoking: who stopped it and when (null while nobody has). */
  stoppedBy: staffSummarySchema.nullable(),
  stoppedAt: z.string().nullable(),
  /**
   * Who runs it now: its starter, or who retried it last (null when that account is gone). A
   * replica that takes it over goes on as this person, with their revoke rule.
   */
  runBy: staffSummarySchema.nullable(),
  total: z.number().int(),
  revoked: z.number().int(),
  /** Already expired past nanoStream's grace, already revoked, or not revocable. */
  skipped: z.number().int(),
  failed: z.number().int(),
  /** Not revoked: left as they were because the job was stopped before their turn. */
  stopped: z.number().int(),
  pending: z.number().int(),
  /**
   * Of the pending: revokes already sent to nanoStream Cloud whose answer has not come yet
   * (each "Revocation pending" in the ledger). A stop lets them finish, so they may still succeed.
   */
  sent: z.number().int(),
  /** Its current run; settled counts the tokens no longer pending. */
  run: bulkRunSchema,
  /** The first failures, with nanoStream's answer in the dashboard's words. */
  failures: z.array(bulkRevocationFailureSchema),
});
export type BulkRevocation = z.infer<typeof bulkRevocationSchema>;
