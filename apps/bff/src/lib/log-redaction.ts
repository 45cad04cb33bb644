import type { Config } from '../config.ts';

export const REDACTED = '[redacted]';

/**
 * Three base64url parts with a JSON header (`{"` is `eyJ`): a JWT, signed or not. A playback
 * token, a viewer identity token or a bintu JWT is a credential wherever it shows up.
 */
const JWT_SHAPE = String.raw`eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`;

/**
 * The query of the single sign-on callback: the provider's authorization code and the state.
 * A code is good once and needs the PKCE verifier, but is still a credential in a log line.
 */
const SSO_CALLBACK_QUERY = String.raw`(?<=/api/session/sso/callback\?)[^"\s]+`;

/**
 * Shorter values would also match ordinary words and numbers of a log line (and could turn a
 * number into invalid JSON); every credential the BFF is given is longer.
 */
const MIN_SECRET_LENGTH = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The forms a value takes inside a JSON log line: JSON-escaped, and URL-encoded in a URL. */
function formsOf(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [
    JSON.stringify(secret).slice(1, -1),
    encoded,
    encoded.replace(/%20/g, '+'),
    JSON.stringify(encodeURI(secret)).slice(1, -1),
  ];
}

/**
 * A `streamWrite` hook for pino: every line the BFF logs goes through it, after pino has
 * serialised it, so no field, message or error text can carry a secret past it. One regex,
 * compiled once; a line without a match is returned as it is.
 */
export function logRedactor(secrets: ReadonlyArray<string | undefined>): (line: string) => string {
  const literals = [
    ...new Set(
      secrets
        .filter((s): s is string => s !== undefined && s.length >= MIN_SECRET_LENGTH)
        .flatMap(formsOf),
    ),
  ]
    // Longest first, so a longer form is not cut short by a shorter one it contains.
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const pattern = new RegExp([...literals, JWT_SHAPE, SSO_CALLBACK_QUERY].join('|'), 'g');
  return (line) => line.replace(pattern, REDACTED);
}

/** What the configuration holds that must never be logged. */
export function configuredSecrets(config: Config): string[] {
  const secrets: string[] = [];
  if (config.upstream.mode === 'remote') secrets.push(config.upstream.credential.value.reveal());
  const databaseUrl = config.databaseUrl?.reveal();
  if (databaseUrl) {
    const password = URL.canParse(databaseUrl) ? new URL(databaseUrl).password : '';
    if (password) secrets.push(password, safeDecode(password));
  }
  if (config.admin) secrets.push(config.admin.password.reveal());
  if (config.sso) secrets.push(config.sso.clientSecret.reveal());
  return secrets;
}

function safeDecode(text: string) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
