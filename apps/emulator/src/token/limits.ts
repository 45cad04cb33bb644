import { isIP } from 'node:net';

export const DAY_SECONDS = 24 * 60 * 60;
/** Default lifetime without `exp`: the dashboard's two weeks (the docs conflict; see README). */
export const DEFAULT_LIFETIME_SECONDS = 14 * DAY_SECONDS;
/** A revocable token without `exp` gets the longest lifetime it may have. */
export const DEFAULT_REVOCABLE_LIFETIME_SECONDS = DAY_SECONDS;
/** Revoking an already expired token is accepted this long after `exp` (dashboard behaviour). */
export const REVOKE_GRACE_SECONDS = DAY_SECONDS;
/**
 * Anything this large cannot be seconds (it is the year 5138); it is a JavaScript
 * millisecond timestamp sent by mistake.
 */
export const MILLISECONDS_THRESHOLD = 100_000_000_000;
/** Free-text claims stay short so tokens stay usable in URLs. */
export const MAX_TEXT_CLAIM_LENGTH = 256;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/**
 * A bare host name: labels of letters, digits and hyphens, no scheme, port, path or wildcard.
 * Deliberately looser than the STS referer rules (no TLD required) so `localhost` works.
 */
export function isHostName(value: string): boolean {
  const host = value.endsWith('.') ? value.slice(0, -1) : value;
  return host.length > 0 && host.length <= 253 && host.split('.').every((l) => LABEL.test(l));
}

export const isIpAddress = (value: string) => isIP(value) !== 0;
