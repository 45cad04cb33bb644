/** Where to go after signing in: a path inside the app, never another origin. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) {
    return '/streams';
  }
  if (value.startsWith('/sign-in')) return '/streams';
  return value;
}

export interface SignInLocationState {
  from?: string;
}
