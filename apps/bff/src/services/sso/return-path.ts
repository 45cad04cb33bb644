/**
 * Only the characters a URL path and query may carry as they are: no control characters, which
 * browsers drop (`/\t/evil.example` would become `//evil.example`), and no backslash, which
 * they read as a slash.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/**
 * The longest return path kept, as given and as it lands: it travels in the transaction
 * cookie, which must stay within the 4 KB browsers store (a longer one would be dropped, and
 * the sign-in fail). Resolving can make a path longer: a quote in the query becomes `%27`.
 */
export const MAX_RETURN_PATH_LENGTH = 2000;

/** Any origin: a path is resolved against it only to see where a browser would land. */
const HERE = 'https://dashboard.invalid';

/**
 * Where to land after signing in: a path of this app, never another origin or /sign-in, nor
 * longer than `MAX_RETURN_PATH_LENGTH` (else the start page). Dot segments are resolved first,
 * as the browser will (`/..//evil.example` lands on `//evil.example`, `/x/../sign-in` on
 * `/sign-in`), and the landing path is what is judged and returned.
 */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !PLAIN_PATH.test(value) || value.startsWith('//')) return '/';
  const url = new URL(value, HERE);
  const path = `${url.pathname}${url.search}`;
  if (url.origin !== HERE || path.startsWith('//')) return '/';
  if (path.startsWith('/sign-in') || path.startsWith('/api/')) return '/';
  if (path.length > MAX_RETURN_PATH_LENGTH) return '/';
  return path;
}
