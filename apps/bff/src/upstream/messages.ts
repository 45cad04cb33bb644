import { NANO_ERROR } from '@ptd/contracts';

/**
 * Our words for what nanoStream Cloud says. Upstream text never reaches a caller, the audit
 * log or a log line: it may echo the credential or a token. Where a known upstream text is
 * useful (the field of a parameter refusal, the reason for an invalid token), it is only
 * compared against a fixed list and replaced by our own constant text.
 */

/** Request fields of the token service and bintu, as a staff member knows them. */
const FIELD_LABELS: Record<string, string> = {
  streams: 'streams',
  stream: 'streams',
  groupid: 'stream group',
  orgawide: 'target',
  exp: 'expiry time',
  nbf: 'not-before time',
  revocable: 'revocable flag',
  forceDisconnect: 'force-disconnect flag',
  domain: 'referer domain',
  ip: 'client IP',
  tag: 'tag',
  tags: 'tags',
  user: 'user ID',
  token: 'token',
  transcodes: 'transcoding profiles',
  state: 'stream state',
  page: 'page',
  quantity: 'page size',
};

/** Where each upstream field sits in the dashboard's own requests (token and stream forms). */
const FIELD_PATHS: Record<string, string> = {
  streams: 'target.streams',
  stream: 'target.streams',
  groupid: 'target.groupId',
  orgawide: 'target',
  exp: 'expiresAt',
  nbf: 'notBefore',
  revocable: 'revocable',
  forceDisconnect: 'forceDisconnect',
  domain: 'domain',
  ip: 'ip',
  tag: 'tag',
  tags: 'tags',
  user: 'user',
  token: 'token',
  transcodes: 'abr',
};

/** The upstream field a refusal names, when it is one we know: "Parameter required: ip" → ip. */
function upstreamFieldOf(text: string): string | undefined {
  const word =
    /^(?:Parameter (?:required|invalid|not unique)|Wrong Data Type):\s*(?:unknown\s+)?(\w+)/.exec(
      text,
    )?.[1];
  return word !== undefined && Object.hasOwn(FIELD_LABELS, word) ? word : undefined;
}

/**
 * "Parameter required: ip", "Wrong Data Type: tags", "Parameter invalid: unknown stream(s) …"
 * → "client IP", "tags", "streams"; any word not on the list → undefined.
 */
export function fieldOf(text: string): string | undefined {
  const word = upstreamFieldOf(text);
  return word === undefined ? undefined : FIELD_LABELS[word];
}

/**
 * A parameter refusal in our words: the message names the field of the dashboard's request it
 * concerns (so a form shows it under that field), or the request as a whole.
 */
export function parameterRefusal(service: string, code: number, text: string) {
  const word = upstreamFieldOf(text);
  if (word === undefined) {
    return {
      message: `body: the nanoStream ${service} says a value of the request is missing or invalid (code ${code}). Check the values and try again.`,
      issues: undefined,
    };
  }
  const path = FIELD_PATHS[word] ?? word;
  const detail = `the nanoStream ${service} does not accept this ${FIELD_LABELS[word]} value (code ${code}). Check it and try again.`;
  return { message: `${path}: ${detail}`, issues: [{ path, message: detail }] };
}

export const refusedGeneric = (service: string, status: number, code: number | undefined) =>
  status >= 500
    ? `The nanoStream ${service} failed (HTTP ${status}${code === undefined ? '' : `, code ${code}`}). Try again later; if it keeps happening, ask nanocosmos.`
    : `The nanoStream ${service} refused the request (HTTP ${status}${code === undefined ? '' : `, code ${code}`}).`;

/** Token-service codes other than the ones errors.ts turns into an answer of their own. */
export const TOKEN_SERVICE_MESSAGES: Record<number, string> = {
  [NANO_ERROR.jwtExpired.errorCode]:
    'The token service says this token has expired or is no longer valid, so nothing more can be done with it (code 1002).',
  [NANO_ERROR.malformedJwt.errorCode]:
    'The token service cannot read the token the dashboard sent (code 2004, malformed JWT). Tell your administrator.',
  [NANO_ERROR.otherOrganisation.errorCode]:
    'The token service says this token belongs to another organisation: the dashboard’s credential is not for the organisation that issued it (code 2012). An administrator must check the configured credential.',
};

/** Reasons the token service gives for an invalid token (jsonwebtoken's wording). */
const VERDICT_REASONS: Record<string, string> = {
  'jwt expired': 'The token has expired.',
  'jwt not active': 'The token is not valid yet (its not-before time is in the future).',
  'jwt revoked': 'The token was revoked.',
  'invalid signature':
    'The signature does not check out: nanoStream did not sign this token, or it was altered.',
  'jwt malformed': 'This is not a nanoStream playback token.',
  'jwt audience invalid. expected: splay': 'This is not a nanoStream playback token (audience).',
  'jwt issuer invalid. expected: nanocosmos': 'This is not a nanoStream playback token (issuer).',
};

/** The inspector's verdict for a token the token service refused. */
export function verdictMessage(status: number, errorCode: number, text: string): string {
  if (errorCode === NANO_ERROR.jwtExpired.errorCode) {
    return (
      (Object.hasOwn(VERDICT_REASONS, text) ? VERDICT_REASONS[text] : undefined) ??
      'The token service refuses this token: it has expired, is not valid yet, was revoked or was not signed by nanoStream.'
    );
  }
  if (errorCode === NANO_ERROR.malformedJwt.errorCode) {
    return 'The token service cannot read this token (malformed JWT).';
  }
  if (errorCode === NANO_ERROR.parameterRequired.errorCode) {
    return 'The token service says no token was given.';
  }
  return `The token service refuses this token (HTTP ${status}, code ${errorCode}).`;
}
