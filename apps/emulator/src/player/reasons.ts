/** Why the playout page refuses playback (also the page's `data-reason`). */
export type DenyReason =
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'out-of-scope'
  | 'ip-mismatch'
  | 'referer-mismatch'
  | 'bad-signature'
  | 'malformed'
  | 'missing-token'
  | 'unknown-group';

export interface PlayerError {
  /** NanoPlayer-style error code. */
  code: number;
  /** The player's error message. */
  message: string;
  /** What went wrong, in plain words, for the person looking at the page. */
  summary: string;
}

const DENIED = 'The security service denied access.';

/**
 * 4901 and 4903 are NanoPlayer's documented security errors, 2001 its "stream can not be
 * found". The real edge folds the other reasons into those two; the emulator gives each its
 * own code in the unused 4905–4909 range so a test can tell them apart (4900 and 4904 are
 * taken by the player).
 */
export const PLAYER_ERRORS: Record<DenyReason, PlayerError> = {
  'missing-token': {
    code: 4903,
    message: `${DENIED} The url is expired or a token parameter is missing (expires, token, or options).`,
    summary: 'No playback token was given (the group.security.jwtoken parameter is missing).',
  },
  expired: {
    code: 4903,
    message: `${DENIED} The url is expired or a token parameter is missing (expires, token, or options).`,
    summary: 'The playback token has expired.',
  },
  malformed: {
    code: 4901,
    message: `${DENIED} The authentication token is invalid.`,
    summary: 'The playback token is not a well-formed nanoStream playback token.',
  },
  'bad-signature': {
    code: 4901,
    message: `${DENIED} The authentication token is invalid.`,
    summary: 'The signature of the playback token does not match the token service key.',
  },
  'not-yet-valid': {
    code: 4905,
    message: `${DENIED} The authentication token is not valid yet.`,
    summary: 'The playback token is not valid yet: its not-before time lies ahead.',
  },
  revoked: {
    code: 4906,
    message: `${DENIED} The authentication token has been revoked.`,
    summary: 'The playback token has been revoked.',
  },
  'out-of-scope': {
    code: 4907,
    message: `${DENIED} The authentication token is not valid for this stream.`,
    summary: 'The playback token does not cover this stream group.',
  },
  'ip-mismatch': {
    code: 4908,
    message: `${DENIED} The client IP address does not match the token.`,
    summary: 'The playback token is bound to a different client IP address.',
  },
  'referer-mismatch': {
    code: 4909,
    message: `${DENIED} The referring domain does not match the token.`,
    summary: 'The playback token is bound to a different domain.',
  },
  'unknown-group': {
    code: 2001,
    message: 'The requested stream can not be found.',
    summary: 'There is no stream group with this id.',
  },
};
