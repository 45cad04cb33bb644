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

/**
 * "Parameter required: ip", "Wrong Data Type: tags", "Parameter invalid: unknown stream(s) …"
 * → "client IP", "tags", "streams"; any word not on the list → undefined.
 */
export function fieldOf(text: string): string | undefined {
  const word =
    /^(?:Parameter (?:required|invalid|not unique)|Wrong Data Type):\s*(?:unknown\s+)?(\w+)/.exec(
      text,
    )?.[1];
  return word !== undefined && Object.hasOwn(FIELD_LABELS, word) ? FIELD_LABELS[word] : undefined;
}

export const parameterRefused = (service: string, code: number, text: string) => {
  const field = fieldOf(text);
  return field
    ? `The nanoStream ${service} says the ${field} value is missing or invalid (code ${code}). Check it and try again.`
    : `The nanoStream ${service} says a value of the request is missing or invalid (code ${code}). Check the values and try again.`;
};

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
