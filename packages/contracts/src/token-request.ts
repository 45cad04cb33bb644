import { z } from 'zod';
import { optionalPlainText } from './plain-text.ts';
import { IPV6_REFUSAL, isIPv4, looksLikeIPv6, normaliseDomain } from './restrictions.ts';

export const TOKEN_LIMITS = {
  maxLifetimeDays: 365,
  maxRevocableHours: 24,
  defaultLifetimeDays: 14,
  defaultRevocableHours: 24,
  maxStreams: 50,
  tagMaxLength: 64,
  userMaxLength: 128,
} as const;

const DAY_S = 24 * 60 * 60;
const MAX_S = TOKEN_LIMITS.maxLifetimeDays * DAY_S;
const MAX_REVOCABLE_S = TOKEN_LIMITS.maxRevocableHours * 60 * 60;

/** Whole UNIX seconds, the only time unit the token service accepts. */
export const toUnixSeconds = (value: Date | string | number) =>
  Math.floor(new Date(value).getTime() / 1000);

/** Default lifetime in seconds: two weeks, or 24 hours for a revocable token. */
export const defaultLifetime = (revocable: boolean) =>
  revocable ? TOKEN_LIMITS.defaultRevocableHours * 3600 : TOKEN_LIMITS.defaultLifetimeDays * DAY_S;

/** Default expiry: two weeks ahead, or 24 hours ahead for a revocable token. */
export function defaultExpiry(revocable: boolean, now: number = Date.now()): Date {
  return new Date((Math.floor(now / 1000) + defaultLifetime(revocable)) * 1000);
}

/** Latest allowed expiry for the given revocable flag, to the second. */
export function maxExpiry(revocable: boolean, now: number = Date.now()): Date {
  return new Date((Math.floor(now / 1000) + (revocable ? MAX_REVOCABLE_S : MAX_S)) * 1000);
}

export const streamNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, {
    error: 'Streams: a stream name has letters, digits, "-", "_" or "." only (e.g. Ab3dE-fG7hJ).',
  });

export const groupIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/, {
    error: 'Stream group: enter the stream group id (letters, digits and hyphens).',
  });

export const tokenTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('streams'),
    streams: z
      .array(streamNameSchema)
      .min(1, { error: 'Streams: choose at least one stream.' })
      .max(TOKEN_LIMITS.maxStreams, {
        error: `Streams: choose at most ${TOKEN_LIMITS.maxStreams} streams, or use a stream group.`,
      })
      // Not `.transform()`: the BFF serializes responses with zod's `encode`, which runs an
      // `.overwrite()` (same type in and out) but refuses a one-way transform.
      .overwrite((names) => [...new Set(names)]),
  }),
  z.strictObject({ type: z.literal('group'), groupId: groupIdSchema }),
  z.strictObject({ type: z.literal('organisation') }),
]);
export type TokenTarget = z.infer<typeof tokenTargetSchema>;

/** An optional free-text field: trimmed, empty means absent. */
const instant = (label: string) =>
  z.iso.datetime({
    offset: true,
    error: `${label}: enter a valid date and time.`,
  });

export const ipSchema = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .superRefine((value, ctx) => {
    if (value === undefined || isIPv4(value)) return;
    ctx.addIssue({
      code: 'custom',
      message: looksLikeIPv6(value)
        ? `Client IP: ${IPV6_REFUSAL}`
        : 'Client IP: enter a single IPv4 address such as 203.0.113.7 (no range, no port).',
    });
  });

export const domainSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return undefined;
    const check = normaliseDomain(value);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: `Domain: ${check.reason}` });
      return z.NEVER;
    }
    return check.host;
  });

/**
 * A preset ("24 hours", "365 days") is a duration: the BFF adds it to its own clock when it
 * mints, so a browser clock that runs ahead or behind cannot push it over a cap.
 */
const durationSchema = z
  .number({ error: 'Expiry: expiresIn is a number of seconds.' })
  .int({ error: 'Expiry: expiresIn is a whole number of seconds.' })
  .positive({ error: 'Expiry: expiresIn must be at least one second.' });

const tokenRequestFields = {
  target: tokenTargetSchema,
  expiresAt: instant('Expiry').optional(),
  expiresIn: durationSchema.optional(),
  notBefore: instant('Not before').optional(),
  revocable: z.boolean().default(false),
  forceDisconnect: z.boolean().default(false),
  ip: ipSchema,
  domain: domainSchema,
  user: optionalPlainText('User ID', TOKEN_LIMITS.userMaxLength),
  tag: optionalPlainText('Tag', TOKEN_LIMITS.tagMaxLength),
};

type TokenRequestFields = z.output<z.ZodObject<typeof tokenRequestFields>>;

const TIME_FIELDS = new Set<PropertyKey>(['expiresAt', 'expiresIn', 'notBefore', 'revocable']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The expiry caps and the not-before order, judged against `nowMs`. */
function checkTimes(request: TokenRequestFields, ctx: z.RefinementCtx, nowMs: number) {
  const nowS = Math.floor(nowMs / 1000);
  if (request.expiresAt !== undefined && request.expiresIn !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['expiresIn'],
      message:
        'Expiry: send either expiresAt (a date and time) or expiresIn (seconds from now), not both.',
    });
    return;
  }
  const path = [request.expiresIn === undefined ? 'expiresAt' : 'expiresIn'];
  const lifetimeS =
    request.expiresIn ??
    (request.expiresAt === undefined
      ? defaultLifetime(request.revocable)
      : toUnixSeconds(request.expiresAt) - nowS);
  if (lifetimeS <= 0) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'Expiry: must be in the future. Pick a later date and time.',
    });
  } else if (request.revocable && lifetimeS > MAX_REVOCABLE_S) {
    ctx.addIssue({
      code: 'custom',
      path,
      message:
        'Expiry: a revocable token can be valid for at most 24 hours. Pick an earlier expiry or turn off Revocable.',
    });
  } else if (lifetimeS > MAX_S) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'Expiry: at most 365 days ahead. Pick an earlier date.',
    });
  }
  if (request.notBefore !== undefined && toUnixSeconds(request.notBefore) >= nowS + lifetimeS) {
    ctx.addIssue({
      code: 'custom',
      path: ['notBefore'],
      message: 'Not before: must be before the expiry. Pick an earlier date or a later expiry.',
    });
  }
}

/**
 * The dashboard's token request, with every rule of the token form. `now` is read at each
 * validation so that a long-open form is judged against the current time (the default reads
 * `Date.now()` at each call, so a mocked clock is honoured too).
 *
 * The time rules run even while other fields (say, the streams) are still invalid, as long as
 * the time fields themselves parsed: a form shows the expiry cap as the user types.
 */
export function createTokenRequestSchema(now: () => number = () => Date.now()) {
  return z
    .strictObject(tokenRequestFields)
    .superRefine((request, ctx) => checkTimes(request, ctx, now()), {
      // Not for a body that is no object at all (null, an array): there are no fields to judge.
      when: (payload) =>
        isRecord(payload.value) &&
        !payload.issues.some((issue) => TIME_FIELDS.has(issue.path?.[0] ?? '')),
    })
    .transform((request) =>
      // No expiry at all means the default lifetime, also counted from when it is minted.
      request.expiresAt === undefined && request.expiresIn === undefined
        ? { ...request, expiresIn: defaultLifetime(request.revocable) }
        : request,
    );
}

export const tokenRequestSchema = createTokenRequestSchema();
export type TokenRequestInput = z.input<typeof tokenRequestSchema>;
export type TokenRequest = z.output<typeof tokenRequestSchema>;

/** A request whose expiry is an instant: what is recorded and sent to the token service. */
export type MintedTokenRequest = Omit<TokenRequest, 'expiresAt' | 'expiresIn'> & {
  expiresAt: string;
};

/**
 * Turns a duration into the expiry instant, counted from `nowMs` (the minting server's clock,
 * read right before it asks the token service), to the whole second.
 */
export function resolveExpiry(request: TokenRequest, nowMs: number): MintedTokenRequest {
  const { expiresIn, expiresAt, ...rest } = request;
  const resolved =
    expiresAt ??
    new Date(
      (Math.floor(nowMs / 1000) + (expiresIn ?? defaultLifetime(request.revocable))) * 1000,
    ).toISOString();
  return { ...rest, expiresAt: resolved };
}
