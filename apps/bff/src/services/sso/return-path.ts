/**
 * Only the characters a URL path and query may carry as they are: no control characters, which
 * browsers drop (`/\t/evil.example` would become `//evil.example`), and no backslash, which
 * they read as a slash.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/** Where to land after signing in: a path of this app, never another origin or /sign-in. */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !PLAIN_PATH.test(value) || value.startsWith('//')) return '/';
  if (value.startsWith('/sign-in') || value.startsWith('/api/')) return '/';
  return value;
}
