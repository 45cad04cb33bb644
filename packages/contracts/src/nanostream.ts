import { z } from 'zod';

/**
 * Wire formats of the nanoStream Cloud APIs (token service and the bintu subset the dashboard
 * uses). The emulator serves exactly these; the BFF's upstream client parses exactly these.
 * Where the public reference leaves a shape open, the choice made here is documented in
 * apps/emulator/README.md.
 */

export const AUTH_HEADER_APIKEY = 'x-bintu-apikey';
export const AUTH_HEADER_TOKEN = 'x-bintu-token';

/** Error codes of the token service, with their messages verbatim (typo included). */
export const NANO_ERROR = {
  parameterRequired: { errorCode: 1000, message: 'Parameter required' },
  apiKeyInvalid: { errorCode: 1001, message: 'Provided APIKey is not valid' },
  jwtExpired: { errorCode: 1002, message: 'jwt expired' },
  /** Legacy bintu code; the emulator's answer for a read-only credential. */
  accessDenied: { errorCode: 2001, message: 'Access denied' },
  /** The emulator's answer when the organisation lacks the `secure` package. */
  securePackageMissing: {
    errorCode: 2002,
    message: 'Organisation is not enabled for secure playback',
  },
  malformedJwt: { errorCode: 2004, message: 'Malformed JWT' },
  notRevocable: { errorCode: 2011, message: 'The token is not allowed for revocation' },
  otherOrganisation: {
    errorCode: 2012,
    message: 'The provided token doesent belong to your organisation',
  },
} as const;

export const MAX_LIFETIME_SECONDS = 365 * 24 * 60 * 60;
export const MAX_REVOCABLE_LIFETIME_SECONDS = 24 * 60 * 60;

/** Body of `POST /api/v1/splay`. Exactly one target; times in integer UNIX seconds. */
export const splayRequestSchema = z.object({
  streams: z.array(z.string().min(1)).min(1).optional(),
  groupid: z.string().min(1).optional(),
  orgawide: z.literal(true).optional(),
  exp: z.number().int().positive().optional(),
  nbf: z.number().int().positive().optional(),
  revocable: z.boolean().optional(),
  forceDisconnect: z.boolean().optional(),
  domain: z.string().min(1).optional(),
  ip: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
});
export type SplayRequest = z.infer<typeof splayRequestSchema>;

export const splaySuccessSchema = z.object({
  success: z.literal(true),
  data: z.object({ token: z.string().min(1) }),
});
export type SplaySuccess = z.infer<typeof splaySuccessSchema>;

export const nanoErrorSchema = z.object({
  success: z.literal(false),
  errorCode: z.number().int(),
  message: z.string(),
});
export type NanoError = z.infer<typeof nanoErrorSchema>;

/** Body of `/api/v1/splay/verify` and `/api/v1/splay/revoke`. */
export const tokenBodySchema = z.object({ token: z.string() });

/** Claims a token-service JWT carries (request field names reused for restrictions). */
export const splayClaimsSchema = z.object({
  aud: z.union([z.literal('splay'), z.array(z.string())]),
  iss: z.string(),
  sub: z.string(),
  iat: z.number().int(),
  nbf: z.number().int(),
  exp: z.number().int(),
  jti: z.string(),
  streams: z.array(z.string()).optional(),
  groupid: z.string().optional(),
  orgawide: z.boolean().optional(),
  revocable: z.boolean().optional(),
  forceDisconnect: z.boolean().optional(),
  domain: z.string().optional(),
  ip: z.string().optional(),
  tag: z.string().optional(),
  user: z.string().optional(),
});
export type SplayClaims = z.infer<typeof splayClaimsSchema>;

export const STREAM_STATES = ['created', 'live', 'ended', 'locked'] as const;
export const streamStateSchema = z.enum(STREAM_STATES);
export type StreamState = z.infer<typeof streamStateSchema>;

const h5livePlayoutSchema = z.object({
  id: z.string(),
  index: z.number().int(),
  streamname: z.string(),
  profile: z.string().optional(),
  tags: z.array(z.string()),
});

/** A bintu stream object (`GET /stream/{id}`). */
export const bintuStreamSchema = z.object({
  id: z.string(),
  streamgroup: z.string(),
  state: streamStateSchema,
  type: z.string(),
  created_at: z.string(),
  webrtc: z.boolean(),
  transcoding: z.boolean(),
  tags: z.array(z.string()),
  ingest: z.object({ rtmp: z.object({ url: z.string(), streamname: z.string() }) }),
  playout: z.object({
    h5live: z.array(h5livePlayoutSchema),
    web: z.array(z.object({ url: z.string() })),
  }),
});
export type BintuStream = z.infer<typeof bintuStreamSchema>;

/** `GET /stream?quantity&page&state&tags` answer: newest first, with paging facts. */
export const bintuStreamListSchema = z.object({
  data: z.array(bintuStreamSchema),
  page: z.number().int(),
  quantity: z.number().int(),
  total: z.number().int(),
});
export type BintuStreamList = z.infer<typeof bintuStreamListSchema>;

/** `POST /stream` body. */
export const bintuCreateStreamSchema = z.object({
  tags: z.array(z.string()).optional(),
  transcodes: z
    .array(z.object({ profile: z.string(), tags: z.array(z.string()).optional() }))
    .optional(),
});
export type BintuCreateStream = z.infer<typeof bintuCreateStreamSchema>;

/** nanoStream's roles, as bintu names a user's permission. */
export const CREDENTIAL_ROLES = ['nanoAdmin', 'nanoUser', 'nanoReadOnly'] as const;
export const credentialRoleSchema = z.enum(CREDENTIAL_ROLES);
export type CredentialRole = z.infer<typeof credentialRoleSchema>;

/**
 * `GET /user` answer: the user behind a bintu token (nanoAdmin and nanoUser may ask; a
 * nanoReadOnly token is refused with 403).
 */
export const bintuUserSchema = z.object({
  id: z.string(),
  permission: credentialRoleSchema,
});
export type BintuUser = z.infer<typeof bintuUserSchema>;

/** `GET /organisation` answer. */
export const bintuOrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  hash: z.string(),
  packages: z.object({
    secure: z.boolean(),
    h5live: z.boolean(),
    transcoding: z.boolean(),
    webcaster: z.boolean(),
  }),
});
export type BintuOrganisation = z.infer<typeof bintuOrganisationSchema>;

/** Legacy bintu error envelope. */
export const bintuErrorSchema = z.object({
  error: z.object({ message: z.string(), code: z.number().int() }),
});
