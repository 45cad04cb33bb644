import type { Role } from '@ptd/contracts';
import { randomUUID } from 'node:crypto';
import { fetch, type Dispatcher } from 'undici';
import { PASSWORD } from './app.ts';

/** What a browser keeps of a sign-in: the session cookie and the CSRF token. */
export interface HttpSession {
  cookie: string;
  csrf: string;
  /** Another way to the server than the default (a TLS trust, a local address). */
  dispatcher?: Dispatcher;
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** One API call over real HTTP as the signed-in browser makes it (CSRF header on writes). */
export async function http<T = unknown>(
  baseUrl: string,
  session: HttpSession | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session?.cookie ? { cookie: session.cookie } : {}),
      ...(session?.csrf && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(session?.dispatcher ? { dispatcher: session.dispatcher } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: response.headers as unknown as Headers,
  };
}

/** The session cookie (`name=value`) among an answer's Set-Cookie lines. */
export const sessionCookieOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => /^(__Host-)?ptd_session=/.test(pair)) ?? '';

export async function signInWith(
  baseUrl: string,
  email: string,
  password: string,
  extra: Pick<HttpSession, 'dispatcher'> & { headers?: Record<string, string> } = {},
) {
  const answer = await http<{ csrfToken: string }>(
    baseUrl,
    extra.dispatcher ? { cookie: '', csrf: '', dispatcher: extra.dispatcher } : null,
    'POST',
    '/api/session',
    { email, password },
    extra.headers,
  );
  if (answer.status !== 200) throw new Error(`sign-in as ${email}: HTTP ${answer.status}`);
  return {
    session: {
      cookie: sessionCookieOf(answer.headers),
      csrf: answer.body.csrfToken,
      ...(extra.dispatcher ? { dispatcher: extra.dispatcher } : {}),
    } as HttpSession,
    answer,
  };
}

/** A new staff member created by `admin` through the API, signed in. */
export async function createSession(baseUrl: string, admin: HttpSession, role: Role) {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.com`;
  const created = await http(baseUrl, admin, 'POST', '/api/staff', {
    email,
    displayName: `${role} ${email}`,
    role,
    password: PASSWORD,
  });
  if (created.status !== 201) throw new Error(`create ${email}: HTTP ${created.status}`);
  return (await signInWith(baseUrl, email, PASSWORD)).session;
}
