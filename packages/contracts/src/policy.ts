import { z } from 'zod';
import { normaliseOrigin } from './origin.ts';
import {
  hasControlCharacters,
  optionalPlainText,
  plainText,
  plainTextMessage,
} from './plain-text.ts';
import { TOKEN_LIMITS, groupIdSchema, tokenTargetSchema } from './token-request.ts';

/**
 * Playback policies: set once by staff, they let the BFF issue each viewer a short-lived token
 * bound to that viewer's context (IP, the embedding site, the signed-in user).
 */

export const POLICY_LIMITS = {
  minLifetimeMinutes: 5,
  /** nanoStream caps revocable tokens at 24 hours; no policy token lives longer. */
  maxLifetimeMinutes: 24 * 60,
  defaultLifetimeMinutes: 30,
  nameMaxLength: 100,
  maxOrigins: 20,
  /** HS256 wants a key of at least 256 bits. */
  secretMinLength: 32,
  secretMaxLength: 512,
  claimMaxLength: 256,
  /** A viewer identity older than this (by its `iat`) is refused, whatever its `exp` says. */
  identityMaxAgeSeconds: 600,
} as const;

/** One allowed site, as the exact origin compared with the request's Origin (or Referer). */
const originSchema = z.string().transform((value, ctx) => {
  const check = normaliseOrigin(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: `Allowed sites: ${check.reason}` });
    return z.NEVER;
  }
  return check.origin;
});

export const allowedOriginsSchema = z
  .array(originSchema)
  .min(1, {
    error:
      'Allowed sites: add each site that embeds the player, e.g. www.example.com (https unless you write http://).',
  })
  .max(POLICY_LIMITS.maxOrigins, {
    error: `Allowed sites: at most ${POLICY_LIMITS.maxOrigins} sites.`,
  })
  .transform((origins) => [...new Set(origins)]);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * https, or http to this machine only (a local test server, and only where the BFF allows it:
 * the BFF also checks every address it connects to).
 */
export const jwksUrlSchema = z
  .string()
  .trim()
  .min(1, { error: 'JWKS URL: enter the URL of your site’s public keys (JWKS).' })
  .pipe(
    z
      .url({ protocol: /^https?$/, error: 'JWKS URL: enter a full https:// URL.' })
      // Both run after a failed URL check too; that one has already said what is wrong.
      .refine(
        (value) => {
          if (!URL.canParse(value)) return true;
          const url = new URL(value);
          return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
        },
        { error: 'JWKS URL: use https:// (plain http only for a server on this machine).' },
      )
      .refine(
        (value) => {
          if (!URL.canParse(value)) return true;
          const url = new URL(value);
          return !url.username && !url.password;
        },
        { error: 'JWKS URL: leave out user names and passwords; the keys are public.' },
      ),
  );

export const identitySecretSchema = z
  .string()
  .trim()
  .min(POLICY_LIMITS.secretMinLength, {
    error: `Shared secret: at least ${POLICY_LIMITS.secretMinLength} characters (use Generate).`,
  })
  .max(POLICY_LIMITS.secretMaxLength, {
    error: `Shared secret: at most ${POLICY_LIMITS.secretMaxLength} characters.`,
  })
  .refine((v) => !hasControlCharacters(v), {
    error: plainTextMessage('Shared secret'),
  });

const claimChecks = {
  issuer: optionalPlainText('Issuer', POLICY_LIMITS.claimMaxLength),
  audience: optionalPlainText('Audience', POLICY_LIMITS.claimMaxLength),
};

export const IDENTITY_MODES = ['none', 'secret', 'jwks'] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

/**
 * How the viewer's identity is checked, as staff send it. The secret is write-only: absent on
 * an update, the stored one is kept.
 */
export const identityInputSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('none') }),
  z.strictObject({
    mode: z.literal('secret'),
    secret: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v : undefined))
      .pipe(identitySecretSchema.optional()),
    ...claimChecks,
  }),
  z.strictObject({ mode: z.literal('jwks'), jwksUrl: jwksUrlSchema, ...claimChecks }),
]);
export type IdentityInput = z.input<typeof identityInputSchema>;

const policyFields = {
  name: plainText('Name', POLICY_LIMITS.nameMaxLength).min(1, { error: 'Name: enter a name.' }),
  target: tokenTargetSchema,
  lifetimeMinutes: z
    .number({ error: 'Token lifetime: enter a number of minutes.' })
    .int({ error: 'Token lifetime: whole minutes only.' })
    .min(POLICY_LIMITS.minLifetimeMinutes, {
      error: `Token lifetime: at least ${POLICY_LIMITS.minLifetimeMinutes} minutes.`,
    })
    .max(POLICY_LIMITS.maxLifetimeMinutes, {
      error: 'Token lifetime: at most 24 hours (1440 minutes).',
    })
    .default(POLICY_LIMITS.defaultLifetimeMinutes),
  bindIp: z.boolean().default(true),
  allowIpv6WithoutBinding: z.boolean().default(false),
  allowedOrigins: allowedOriginsSchema,
  revocable: z.boolean().default(true),
  forceDisconnect: z.boolean().default(false),
  tag: optionalPlainText('Tag', TOKEN_LIMITS.tagMaxLength),
  identity: identityInputSchema.default({ mode: 'none' }),
  enabled: z.boolean().default(true),
};

/**
 * A policy as staff save it. `secretRequired`: whether choosing "shared secret" must come with
 * a secret (on create, or when the policy has none stored yet).
 */
export function createPolicyRequestSchema({ secretRequired = true } = {}) {
  return z.strictObject(policyFields).superRefine((policy, ctx) => {
    if (secretRequired && policy.identity.mode === 'secret' && !policy.identity.secret) {
      ctx.addIssue({
        code: 'custom',
        path: ['identity', 'secret'],
        message: 'Shared secret: enter the secret your site signs viewer identities with.',
      });
    }
  });
}

export const policyRequestSchema = createPolicyRequestSchema();
/** On update a missing secret keeps the stored one (the server checks one exists). */
export const updatePolicyRequestSchema = createPolicyRequestSchema({ secretRequired: false });
export type PolicyRequestInput = z.input<typeof policyRequestSchema>;
export type PolicyRequest = z.output<typeof policyRequestSchema>;

const nullableClaims = { issuer: z.string().nullable(), audience: z.string().nullable() };

/** A public key of a site's JWKS, as staff see it: its id and what it signs with. */
export const jwksKeySummarySchema = z.object({
  kid: z.string().nullable(),
  kty: z.string(),
  alg: z.string().nullable(),
  crv: z.string().nullable(),
});
export type JwksKeySummary = z.infer<typeof jwksKeySummarySchema>;

/** How identity is checked, as the API shows it: never the secret, only whether one is set. */
export const identityViewSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('secret'), secretSet: z.boolean(), ...nullableClaims }),
  z.object({
    mode: z.literal('jwks'),
    jwksUrl: z.string(),
    /** The public keys found at the URL when the policy was saved. */
    keys: z.array(jwksKeySummarySchema),
    ...nullableClaims,
  }),
]);
export type IdentityView = z.infer<typeof identityViewSchema>;

const staffRef = z.object({ id: z.string(), email: z.string(), displayName: z.string() });

export const playbackPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  target: tokenTargetSchema,
  lifetimeMinutes: z.number().int(),
  bindIp: z.boolean(),
  allowIpv6WithoutBinding: z.boolean(),
  allowedOrigins: z.array(z.string()),
  revocable: z.boolean(),
  forceDisconnect: z.boolean(),
  tag: z.string().nullable(),
  identity: identityViewSchema,
  enabled: z.boolean(),
  createdAt: z.string(),
  createdBy: staffRef.nullable(),
  updatedAt: z.string(),
  updatedBy: staffRef.nullable(),
});
export type PlaybackPolicy = z.infer<typeof playbackPolicySchema>;
export const policyListSchema = z.array(playbackPolicySchema);

// Public token endpoint (`POST /playback-token`) ----------------------------------------

export const PLAYBACK_TOKEN_PATH = '/playback-token';
export const VIEWER_EXAMPLE_PATH = '/examples/viewer';

export const playbackTokenRequestSchema = z
  .strictObject({
    /** The policy id. */
    policy: z.string().trim().min(1).max(64).optional(),
    /** Or the stream group a policy targets. */
    groupid: groupIdSchema.optional(),
    /** The viewer identity JWT, when not sent as `Authorization: Bearer`. */
    identity: z.string().trim().min(1).max(8192).optional(),
  })
  .refine((body) => (body.policy === undefined) !== (body.groupid === undefined), {
    error: 'Send either "policy" (a playback policy id) or "groupid" (a stream group id).',
  });
export type PlaybackTokenRequest = z.infer<typeof playbackTokenRequestSchema>;

export const playbackTokenResponseSchema = z.object({
  /** The playback token for `source.group.security.jwtoken` (or each entry's). */
  jwtoken: z.string(),
  /** Its expiry, UNIX seconds. */
  exp: z.number().int(),
});
export type PlaybackTokenResponse = z.infer<typeof playbackTokenResponseSchema>;

/** `code` values of the public endpoint's 4xx/5xx bodies, for customer pages to switch on. */
export const PLAYBACK_TOKEN_ERRORS = [
  'invalid-request',
  'origin-required',
  'origin-not-allowed',
  'policy-not-found',
  'policy-disabled',
  'policy-ambiguous',
  'client-address-invalid',
  'ipv6-not-supported',
  'identity-required',
  'identity-invalid',
  'identity-expired',
  'identity-unavailable',
  'rate-limited',
  'token-service-unavailable',
  'policy-not-issuable',
  // 503 with Retry-After: the dashboard's database is not answering (a restart, a failover), or
  // none of the dashboard's database connections was free in time (a load spike).
  'database-unavailable',
  'database-busy',
] as const;
export type PlaybackTokenError = (typeof PLAYBACK_TOKEN_ERRORS)[number];
