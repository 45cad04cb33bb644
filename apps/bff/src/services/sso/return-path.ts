/** Where to land after signing in: a path of this app, never another origin or /sign-in. */
export function safeReturnPath(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return '/';
  }
  if (value.startsWith('/sign-in') || value.startsWith('/api/')) return '/';
  return value;
}
