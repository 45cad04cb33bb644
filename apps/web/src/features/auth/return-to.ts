/** Where to go after signing in: a path inside the app (the Event overview unless one was asked for), never another origin. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) {
    return '/';
  }
  if (value.startsWith('/sign-in')) return '/';
  return value;
}

export interface SignInLocationState {
  from?: string;
  /** Why the session ended under the page (expired, signed out elsewhere), to say on sign-in. */
  notice?: string;
}
