import { z } from 'zod';
import { credentialRoleSchema, streamStateSchema } from './nanostream.ts';
import {
  hasControlCharacters,
  hasStackedMarks,
  plainText,
  plainTextMessage,
  stackedMarksMessage,
} from './plain-text.ts';
import { playerConfigSchema } from './player.ts';
import { tokenTargetSchema } from './token-request.ts';

/** Schemas of the BFF API (`/api/...`). The routes validate with them; the SPA parses with them. */

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** nanoStream's numeric error code, when it gave one. Never its text: that may echo secrets. */
  upstream: z.object({ errorCode: z.number().int() }).optional(),
  /**
   * With `reauthentication-required`: what was refused ("add staff") and how the person
   * proves themselves again (`POST /api/session/confirm`, or the provider's sign-in).
   */
  reauthentication: z
    .object({
      action: z.string(),
      method: z.enum(['password', 'password-and-code', 'single-sign-on']),
      /** With `single-sign-on`: the provider's name, as the sign-in button says it. */
      provider: z.string().optional(),
    })
    .optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const ROLES = ['admin', 'editor', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * What each role may do; the BFF enforces it, the SPA mirrors it. Roles mirror nanoStream's:
 * an editor operates like a nanoUser (creates tokens and streams, and revokes the tokens it
 * created), an admin like a nanoAdmin (also anyone's tokens, staff and the audit log).
 */
export const PERMISSIONS = {
  createToken: ['admin', 'editor'],
  createStream: ['admin', 'editor'],
  /** Revoke the tokens one created. */
  revokeToken: ['admin', 'editor'],
  /** Revoke any token: other staff's and viewer tokens issued under a policy. */
  revokeAnyToken: ['admin'],
  managePolicies: ['admin', 'editor'],
  manageStaff: ['admin'],
  readAudit: ['admin'],
  /** CSV exports of the token overview (the audit log's export follows readAudit). */
  exportTokens: ['admin', 'editor'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;
export const can = (role: Role, permission: Permission) =>
  (PERMISSIONS[permission] as readonly Role[]).includes(role);

/** Editors revoke the tokens they created; admins any token. */
export const canRevokeToken = (
  staff: { id: string; role: Role },
  record: { createdBy: { id: string } | null },
) =>
  can(staff.role, 'revokeAnyToken') ||
  (can(staff.role, 'revokeToken') && record.createdBy?.id === staff.id);

const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};
export const pageMetaSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export const paged = <T extends z.ZodType>(item: T) =>
  pageMetaSchema.extend({ items: z.array(item) });

/** The longest address SMTP can carry (RFC 5321: a 256-octet path less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/** A staff member's address: the rule of local accounts and of those of single sign-on. */
export const emailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH, { error: `Email: at most ${EMAIL_MAX_LENGTH} characters.` })
  .toLowerCase()
  .pipe(z.email({ error: 'Email: enter a valid email address such as ada@example.com.' }));

// Session ---------------------------------------------------------------------------------

export const signInRequestSchema = z.strictObject({
  email: emailSchema,
  password: z
    .string()
    .min(1, { error: 'Password: enter your password.' })
    .max(1024, { error: 'Password: at most 1024 characters.' }),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** Confirming it is still you, for actions that want a recent proof (`reauthentication-required`). */
export const confirmSessionRequestSchema = z.strictObject({
  password: signInRequestSchema.shape.password,
  /** The authenticator app's code or a recovery code, for accounts with two-factor sign-in. */
  code: z.string().trim().max(64, { error: 'Code: at most 64 characters.' }).optional(),
});
export type ConfirmSessionRequest = z.infer<typeof confirmSessionRequestSchema>;

export const staffSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
});
export type StaffSummary = z.infer<typeof staffSummarySchema>;

export const organisationSchema = z.object({
  name: z.string(),
  hash: z.string(),
  securePackage: z.boolean(),
  /**
   * The nanoStream role of the dashboard's credential; null while it is not known (nanoStream
   * could not be asked yet). A nanoReadOnly credential cannot create or revoke tokens.
   */
  credentialRole: credentialRoleSchema.nullable(),
});
export type Organisation = z.infer<typeof organisationSchema>;

export const sessionSchema = z.object({
  user: staffSummarySchema.extend({ role: roleSchema }),
  organisation: organisationSchema,
  /** Sent back in the `x-csrf-token` header on every state-changing request. */
  csrfToken: z.string(),
  player: playerConfigSchema,
  upstream: z.enum(['embedded', 'remote']),
  /** The BFF's clock when it answered (ISO 8601): the SPA judges expiries by it. */
  serverTime: z.iso.datetime(),
  /** The public IPv4 address this request came from, as the BFF sees it; null otherwise. */
  clientIpv4: z.string().nullable(),
  /** Signed in with single sign-on: signing out also signs out at the provider. */
  singleSignOn: z.boolean().optional(),
  /**
   * Until when (ISO 8601, the BFF's clock) the actions that want a recent proof of the person
   * are allowed without confirming it's them (decision 022): before `serverTime`, the proof is
   * not recent.
   */
  proofValidUntil: z.iso.datetime().optional(),
  /** When a session ends: after this long without use, and this long after signing in. */
  sessionLimits: z.object({
    idleMinutes: z.number().int().positive(),
    absoluteHours: z.number().int().positive(),
  }),
});
export type Session = z.infer<typeof sessionSchema>;

// Streams ---------------------------------------------------------------------------------

export const streamSchema = z.object({
  id: z.string(),
  name: z.string(),
  groupId: z.string(),
  state: streamStateSchema,
  tags: z.array(z.string()),
  createdAt: z.string(),
  abr: z.boolean(),
  ingest: z.object({ rtmpUrl: z.string(), streamName: z.string() }),
  playout: z.array(
    z.object({
      id: z.string(),
      streamName: z.string(),
      index: z.number().int(),
      profile: z.string().optional(),
    }),
  ),
});
export type Stream = z.infer<typeof streamSchema>;

/** The longest stream search the server takes (a name or id is far shorter). */
export const STREAM_SEARCH_MAX_LENGTH = 128;

export const streamListQuerySchema = z.strictObject({
  ...pageQuery,
  state: streamStateSchema.optional(),
  tag: z.string().trim().min(1).max(64).optional(),
  search: z.string().trim().min(1).max(STREAM_SEARCH_MAX_LENGTH).optional(),
});
export type StreamListQuery = z.infer<typeof streamListQuerySchema>;
export const streamListSchema = paged(streamSchema);
export type StreamList = z.infer<typeof streamListSchema>;

export const createStreamRequestSchema = z.strictObject({
  tags: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(64, { error: 'Tags: at most 64 characters per tag.' })
        .refine((v) => !hasControlCharacters(v), { error: plainTextMessage('Tags') })
        .refine((v) => !hasStackedMarks(v), { error: stackedMarksMessage('Tags') }),
    )
    .max(10, { error: 'Tags: at most 10 tags.' })
    .default([]),
  abr: z.boolean().default(false),
});
export type CreateStreamRequest = z.input<typeof createStreamRequestSchema>;

// Tokens ----------------------------------------------------------------------------------

/**
 * `revocation-pending`: a revoke was sent but its answer never came; the token service is asked
 * (verify) until it is known. `never-delivered`: the token service may have minted it, but it
 * reached no one. `issuing`: the token service is being asked right now (seconds at most).
 */
export const TOKEN_STATUSES = [
  'active',
  'scheduled',
  'expired',
  'revoked',
  'revocation-pending',
  'never-delivered',
  'issuing',
] as const;
export const tokenStatusSchema = z.enum(TOKEN_STATUSES);
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

export const tokenRecordSchema = z.object({
  id: z.string(),
  /** Null while the token is being issued, and for one never delivered (its answer was lost). */
  jti: z.string().nullable(),
  kind: z.enum(['staff', 'viewer']),
  policyId: z.string().nullable(),
  /** The policy's current name, for viewer tokens whose policy still exists. */
  policyName: z.string().nullable(),
  target: tokenTargetSchema,
  issuedAt: z.string(),
  notBefore: z.string(),
  expiresAt: z.string(),
  revocable: z.boolean(),
  forceDisconnect: z.boolean(),
  ip: z.string().nullable(),
  domain: z.string().nullable(),
  user: z.string().nullable(),
  tag: z.string().nullable(),
  createdBy: staffSummarySchema.nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: staffSummarySchema.nullable(),
  /** When a revoke whose outcome is not known yet was sent (status `revocation-pending`). */
  revocationRequestedAt: z.string().nullable(),
  status: tokenStatusSchema,
  /** Claims of the minted token (never the token itself). */
  claims: z.record(z.string(), z.unknown()),
  /** The batch it was created in ("Create in bulk"), if any. */
  batchId: z.string().nullable().optional(),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

export const createTokenResponseSchema = z.object({
  /** The signed token. Returned here once and never again. */
  token: z.string(),
  /** Always recorded: a token the ledger cannot record is not handed out. */
  record: tokenRecordSchema,
});
export type CreateTokenResponse = z.infer<typeof createTokenResponseSchema>;

/** Counts of the token list stop here: "10,000+" costs the same at any size of the ledger. */
export const TOKEN_COUNT_CAP = 10_000;

/** What a token plays: named streams, a stream group, or every stream of the organisation. */
export const TOKEN_TARGET_TYPES = ['streams', 'group', 'organisation'] as const;
export type TokenTargetType = (typeof TOKEN_TARGET_TYPES)[number];

const targetTypesOf = (text: string) => text.split(',').map((part) => part.trim());

/**
 * Target types, any number of them separated by commas (`streams,group`); written back in
 * their fixed order, each once, so that a URL, a file name and a stored filter say it alike.
 * Not `.transform()`: a revoke by filter's answer holds its filter (see tokenTargetSchema).
 */
export const targetTypeFilterSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(
    (text) =>
      targetTypesOf(text).every((part) => (TOKEN_TARGET_TYPES as readonly string[]).includes(part)),
    { error: 'Target type: streams, group or organisation, several separated by commas.' },
  )
  .overwrite((text) => {
    const parts = targetTypesOf(text);
    return TOKEN_TARGET_TYPES.filter((type) => parts.includes(type)).join(',');
  });

/** The target types a filter holds (see targetTypeFilterSchema). */
export const targetTypesOfFilter = (filter: string | undefined): TokenTargetType[] =>
  filter === undefined
    ? []
    : TOKEN_TARGET_TYPES.filter((type) => targetTypesOf(filter).includes(type));

/**
 * How the stream filter matches: `partial` (the default) any part of a stream's name or id, or
 * a group id, in any case; `exact` only the stream name, stream id or group id as given (the
 * event overview's links: "event-1" is not "event-10").
 */
export const STREAM_MATCHES = ['partial', 'exact'] as const;
export type StreamMatch = (typeof STREAM_MATCHES)[number];

/**
 * Tag, user, stream and creator match case-insensitively on part of the value (the stream
 * exactly with `streamMatch=exact`); the stream filter also finds the group and
 * organisation-wide tokens that play a matching stream.
 * Pages follow `cursor` (the answer's `nextCursor` / `prevCursor`), never a page number.
 */
export const tokenListQuerySchema = z.strictObject({
  pageSize: pageQuery.pageSize,
  cursor: z.string().trim().min(1).max(512).optional(),
  status: tokenStatusSchema.optional(),
  stream: z.string().trim().min(1).max(128).optional(),
  /** How `stream` matches (see STREAM_MATCHES); without `stream` it changes nothing. */
  streamMatch: z.enum(STREAM_MATCHES, { error: 'Stream match: exact or partial.' }).optional(),
  tag: z.string().trim().min(1).max(64).optional(),
  user: z.string().trim().min(1).max(128).optional(),
  /** A staff id, or part of a staff member's email address or name. */
  createdBy: z.string().trim().min(1).max(EMAIL_MAX_LENGTH).optional(),
  policy: z.string().trim().min(1).max(64).optional(),
  /** The tokens of one bulk batch (its id). */
  batch: z.string().trim().min(1).max(64).optional(),
  /** What the tokens play, by the type of their target (`streams,group`). */
  targetType: targetTypeFilterSchema.optional(),
  /** Active tokens that expire within this many seconds from now ("Expiring soon"). */
  expiringWithin: z.coerce
    .number({ error: 'Expiring within: a number of seconds.' })
    .int({ error: 'Expiring within: a whole number of seconds.' })
    .min(60, { error: 'Expiring within: at least 60 seconds.' })
    .max(366 * 24 * 3600, { error: 'Expiring within: at most 366 days.' })
    .optional(),
  sort: z.enum(['createdAt', 'expiresAt']).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type TokenListQuery = z.infer<typeof tokenListQuerySchema>;

/** Why a token matched the stream filter: it names the stream, or plays it through its target. */
export const tokenMatchSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stream'), streams: z.array(z.string()) }),
  z.object({
    type: z.literal('group'),
    groupId: z.string(),
    /** The group's head stream (the ABR parent, or the stream itself), when bintu knows it. */
    groupName: z.string().nullable(),
    /** The matching streams that play in this group. */
    streams: z.array(z.string()),
  }),
  z.object({ type: z.literal('organisation') }),
]);
export type TokenMatch = z.infer<typeof tokenMatchSchema>;

export const tokenListItemSchema = tokenRecordSchema.extend({
  match: tokenMatchSchema.optional(),
});
export type TokenListItem = z.infer<typeof tokenListItemSchema>;

export const tokenListSchema = z.object({
  items: z.array(tokenListItemSchema),
  pageSize: z.number().int(),
  /** Matching tokens, counted up to TOKEN_COUNT_CAP; with `totalCapped`, at least this many. */
  total: z.number().int(),
  totalCapped: z.boolean(),
  /** Where the first item stands in the whole list (0-based), as far as the cursor knows. */
  offset: z.number().int(),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  /** Bintu could not be asked: the stream filter found group tokens by group id only. */
  streamGroupsUnavailable: z.boolean().optional(),
});
export type TokenList = z.infer<typeof tokenListSchema>;

export const inspectRequestSchema = z.strictObject({
  token: z
    .string()
    .trim()
    .min(1, { error: 'Token: paste a token.' })
    .max(8192, { error: 'Token: at most 8192 characters.' }),
});
export const inspectResponseSchema = z.object({
  header: z.record(z.string(), z.unknown()).nullable(),
  claims: z.record(z.string(), z.unknown()).nullable(),
  decodeError: z.string().nullable(),
  verdict: z.object({
    valid: z.boolean(),
    errorCode: z.number().int().nullable(),
    message: z.string(),
  }),
  /** The ledger record with this jti, when this dashboard issued the token. */
  record: tokenRecordSchema.nullable(),
  /**
   * Whose token it is. `other`: issued for another organisation (its `sub`, or the
   * organisation prefix of its stream names, is not ours), so it plays none of our streams.
   */
  organisation: z.object({
    belongsTo: z.enum(['this', 'other', 'unknown']),
    /** Our organisation's name. */
    name: z.string(),
    /** The other organisation's id (the token's `sub`) and stream-name prefix, when known. */
    otherId: z.string().nullable(),
    otherHash: z.string().nullable(),
  }),
});
export type InspectResponse = z.infer<typeof inspectResponseSchema>;

// Staff and audit -------------------------------------------------------------------------

export const staffSchema = staffSummarySchema.extend({
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
  /** Signs in with an authenticator code after the password. */
  twoFactor: z.boolean(),
  /** Provisioned by single sign-on: signs in at the provider, has no password here. */
  singleSignOn: z.boolean().optional(),
});
export type Staff = z.infer<typeof staffSchema>;

export const PASSWORD_MIN_LENGTH = 12;
export const createStaffRequestSchema = z.strictObject({
  email: emailSchema,
  displayName: plainText('Name', 100).min(1, { error: 'Name: enter a name.' }),
  role: roleSchema,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, {
      error: `Initial password: at least ${PASSWORD_MIN_LENGTH} characters.`,
    })
    .max(1024, { error: 'Initial password: at most 1024 characters.' }),
});
export type CreateStaffRequest = z.infer<typeof createStaffRequestSchema>;

export const updateStaffRequestSchema = z
  .strictObject({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((change) => change.role !== undefined || change.disabled !== undefined, {
    error: 'Nothing to change: send "role", "disabled" or both.',
  });
export type UpdateStaffRequest = z.infer<typeof updateStaffRequestSchema>;

export const AUDIT_ACTIONS = [
  'session.sign-in',
  'session.sign-in-failed',
  'session.sign-out',
  /** One session ended by its owner (from another session) or by an admin. */
  'session.end',
  /** Its owner signed out every other session. */
  'session.end-others',
  /** An admin ended all of a staff member's sessions. */
  'session.end-all',
  'token.create',
  'token.create-failed',
  /** Older entries only: a token that cannot be recorded is no longer handed out. */
  'token.ledger-write-failed',
  'token.never-delivered',
  'token.revoke',
  'token.revocation-settled',
  /** Revoke by filter: one entry per run, with the filter and what became of the tokens. */
  'token.bulk-revoke',
  /** Stop revoking: who stopped a revoke by filter, how many it had revoked, how many were left. */
  'token.bulk-revoke-stop',
  /** A CSV export, with its filter and how many rows it held. */
  'export.tokens',
  'export.audit',
  'ledger.retention',
  'stream.create',
  'staff.create',
  'staff.update',
  'policy.create',
  'policy.update',
  'policy.enable',
  'policy.disable',
  /** A wrong, replayed or throttled second factor at sign-in. */
  'session.two-factor-failed',
  'password.change',
  'password.change-failed',
  /** An admin issued a one-time set-password link (the link itself is never recorded). */
  'password.reset-link',
  'password.reset',
  /** A set-password link that is unknown, used or expired. */
  'password.reset-failed',
  'two-factor.enable',
  'two-factor.enable-failed',
  /** An admin removed a staff member's two-factor sign-in. */
  'two-factor.reset',
  /** Single sign-on created an account at its first sign-in. */
  'staff.sso-provision',
  /** Single sign-on changed an account's role to the one the provider's claims map to. */
  'staff.sso-role-change',
  /** The provider's role was not applied: the account is the last active admin. */
  'staff.sso-role-kept',
  /** A single sign-on refused: the provider's answer, or the account it names. */
  'session.sso-failed',
  /** Someone confirmed it was them on a signed-in session (password, code or the provider). */
  'session.reauthenticate',
  /** A confirmation refused: wrong password or code, or throttled. */
  'session.reauthenticate-failed',
  /** Tokens in bulk: a batch with its row count and target, never a token. */
  'batch.create',
  'batch.finish',
  'batch.cancel',
  'batch.retry',
  /** The rows a cancel left unminted, minted after all. */
  'batch.resume',
  'batch.download',
] as const;
export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: staffSummarySchema.nullable(),
  action: z.enum(AUDIT_ACTIONS),
  subject: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
const instant = (field: string) =>
  z.iso.datetime({
    offset: true,
    error: `${field}: a date and time such as 2026-11-30T00:00:00Z.`,
  });
/** `from` and `to` bound the entries' time (both included). */
export const auditFilterSchema = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().trim().min(1).max(64).optional(),
  from: instant('From').optional(),
  to: instant('To').optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const auditListQuerySchema = auditFilterSchema.extend(pageQuery);
export const auditListSchema = paged(auditEntrySchema);
export type AuditList = z.infer<typeof auditListSchema>;
