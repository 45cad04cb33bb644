import { z } from 'zod';

/** Who issued a token: staff one by one, staff in bulk, or a playback policy for a viewer. */
export const INSIGHT_KINDS = ['staff', 'bulk', 'viewer'] as const;
export const insightKindSchema = z.enum(INSIGHT_KINDS);
export type InsightKind = z.infer<typeof insightKindSchema>;

export const LIVE_MINUTES_DEFAULT = 120;
export const LIVE_MINUTES_MAX = 360;

export const insightsQuerySchema = z.strictObject({
  /** How far back the viewer tokens per minute reach. */
  minutes: z.coerce
    .number()
    .int()
    .min(10, 'minutes must be at least 10')
    .max(LIVE_MINUTES_MAX, `minutes must be at most ${LIVE_MINUTES_MAX}`)
    .default(LIVE_MINUTES_DEFAULT),
});
export type InsightsQuery = z.input<typeof insightsQuerySchema>;

const kindCountsSchema = z.object({ staff: z.number(), bulk: z.number(), viewer: z.number() });
export type KindCounts = z.infer<typeof kindCountsSchema>;

/** Buckets are UTC hours, days and minutes; `at` is the bucket's start (ISO 8601, UTC). */
export const insightsSchema = z.object({
  generatedAt: z.string(),
  /** Tokens created per hour over the last 48 hours, oldest first, the current hour last. */
  hourly: z.array(z.object({ at: z.string(), counts: kindCountsSchema })),
  /** Per UTC day over the last 30 days (`day` is YYYY-MM-DD), today last. */
  daily: z.array(z.object({ day: z.string(), counts: kindCountsSchema })),
  /** Viewer tokens per minute and policy over the last `minutes`, the current minute last. */
  live: z.object({
    minutes: z.array(z.string()),
    policies: z.array(
      z.object({
        policyId: z.string(),
        /** Null once the policy was deleted. */
        name: z.string().nullable(),
        counts: z.array(z.number()),
        total: z.number(),
      }),
    ),
  }),
  /** Tokens active now (issued, started, not expired, not revoked) by what they play. */
  active: z.object({
    total: z.number(),
    /** Targets are counted over the newest this many active tokens; null when over all. */
    sampled: z.number().nullable(),
    targets: z.array(
      z.object({
        type: z.enum(['stream', 'group', 'organisation']),
        /** Stream name or group id; `*` for the whole organisation. */
        value: z.string(),
        tokens: z.number(),
      }),
    ),
  }),
  /**
   * Active tokens expiring within 24 hours, per hour of expiry (UTC), soonest first: every
   * hour from the current one to the one 24 hours ahead, zeros included.
   */
  expiring: z.object({
    total: z.number(),
    hourly: z.array(z.object({ at: z.string(), tokens: z.number() })),
  }),
});
export type Insights = z.infer<typeof insightsSchema>;
