import type { Role, Session } from '@ptd/contracts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ADMIN, PASSWORD } from './app.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Leave out the x-csrf-token header the client adds to unsafe requests. */
  noCsrf?: boolean;
}

/**
 * A browser-ish client for `app.inject`: keeps the session cookie from Set-Cookie, and sends
 * the CSRF token from the session body on state-changing requests.
 */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  session: Session | undefined;
  /** The password this client signed in with, to confirm it is still them (`confirm`). */
  private password: string | undefined;

  constructor(readonly app: FastifyInstance) {}

  async request(
    method: Method,
    url: string,
    options: RequestOptions = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET' && this.csrf && !options.noCsrf) headers['x-csrf-token'] ??= this.csrf;
    const inject: InjectOptions = { method, url, headers };
    if (options.body !== undefined) inject.payload = options.body as InjectOptions['payload'];
    const response = await this.app.inject(inject);
    this.keepCookie(response);
    return response;
  }

  private keepCookie(response: LightMyRequestResponse) {
    for (const cookie of response.cookies) {
      if (!cookie.name.endsWith('ptd_session')) continue;
      // light-my-request decodes the value; send it encoded again, as a browser would.
      this.cookie =
        cookie.value === '' ? undefined : `${cookie.name}=${encodeURIComponent(cookie.value)}`;
    }
  }

  get = (url: string, options?: RequestOptions) => this.request('GET', url, options);
  post = (url: string, body?: unknown, options?: RequestOptions) =>
    this.request('POST', url, { ...options, body });
  patch = (url: string, body?: unknown, options?: RequestOptions) =>
    this.request('PATCH', url, { ...options, body });
  delete = (url: string, options?: RequestOptions) => this.request('DELETE', url, options);

  async signIn(email: string, password: string) {
    const response = await this.post('/api/session', { email, password });
    if (response.statusCode === 200) this.adopt(response.json<Session>());
    this.password = password;
    return response;
  }

  /**
   * Confirms it is still the person who signed in (their password), as the dashboard asks
   * before a sensitive action once REAUTH_MINUTES have passed: for tests whose clock has moved
   * on that far.
   */
  async confirm() {
    const response = await this.post('/api/session/confirm', { password: this.password });
    if (response.statusCode !== 204) throw new Error(`confirming failed: ${response.body}`);
  }

  /** Holds a session the server answered with (sign-in, or its last step). */
  adopt(session: Session) {
    this.session = session;
    this.csrf = session.csrfToken;
  }
}

let counter = 0;

/**
 * Creates a staff member with PASSWORD directly in the database (fast), never signed in;
 * answers the email.
 */
export async function addStaff(
  app: FastifyInstance,
  role: Role,
  { email, displayName }: { email?: string; displayName?: string } = {},
) {
  counter += 1;
  const address = email ?? `${role}${counter}@example.com`;
  await app.repos.staff.insert({
    id: crypto.randomUUID(),
    email: address,
    display_name: displayName ?? `${role} ${counter}`,
    password_hash: await app.passwords.hash(PASSWORD, 'known'),
    role,
    disabled: 0,
    created_at: app.now(),
    last_sign_in_at: null,
  });
  return address;
}

/** Creates a staff member directly in the database (fast) and returns a signed-in client. */
export function staffClient(app: FastifyInstance, role: Role, email?: string) {
  return signInAsStaff(new Client(app), role, email);
}

/** Signs `client` in as a new staff member created directly in the database (fast). */
export async function signInAsStaff(client: Client, role: Role, email?: string) {
  const address = await addStaff(client.app, role, email === undefined ? {} : { email });
  return signedIn(client, await client.signIn(address, PASSWORD));
}

/** Signs `client` in as the admin the app seeds from ADMIN_EMAIL and ADMIN_PASSWORD. */
export async function signInSeededAdmin(client: Client) {
  return signedIn(client, await client.signIn(ADMIN.email, ADMIN.password));
}

function signedIn(client: Client, response: LightMyRequestResponse) {
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  return client;
}
