import { errorBodySchema, markControlCharacters, type ErrorBody } from '@ptd/contracts';
import { z } from 'zod';

/** Any non-2xx answer of the BFF, with its `{ code, message, issues?, upstream? }` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ErrorBody['issues'];
  /** nanoStream's numeric error code behind a refusal, for code that switches on it. */
  readonly upstream: ErrorBody['upstream'];
  /** With `reauthentication-required`: what was refused and how to confirm it's you. */
  readonly reauthentication: ErrorBody['reauthentication'];

  constructor(status: number, body: ErrorBody) {
    // Shown in snackbars, alerts and under fields: a value quoted back (a name, a tag) cannot
    // reorder the words around it with a direction override.
    super(markControlCharacters(body.message));
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.issues = body.issues?.map((issue) => ({
      ...issue,
      message: markControlCharacters(issue.message),
    }));
    this.upstream = body.upstream;
    this.reauthentication = body.reauthentication;
  }
}

/**
 * The dashboard's own message only. The BFF words every upstream failure itself (status and
 * nanoStream's code); upstream text is never shown, as it may echo a credential.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

let csrfToken: string | null = null;
/** Whose session the token is of. */
let csrfStaffId: string | null = null;

/**
 * The session's CSRF token, sent on every state-changing request, and whose session it is.
 * Set from the session body.
 */
export function setCsrfToken(token: string | null, staffId: string | null = null) {
  csrfToken = token;
  csrfStaffId = token === null ? null : staffId;
}

/** Whose session this tab holds (null: none, or not known yet). */
export const sessionStaffId = () => csrfStaffId;

/** Why a tab's session ended when another tab of the browser signed in as someone else. */
export const SOMEONE_ELSE_SIGNED_IN =
  'Someone else signed in at another tab of this browser. Sign in again to continue.';

/** What the session's answer says about whose it is and its token. */
const sessionTokenSchema = z.object({
  csrfToken: z.string(),
  user: z.object({ id: z.string() }),
});

/**
 * A state-changing request was refused for its CSRF token: another tab of this browser signed
 * out and in again, so the session both tabs share is a new one. The same person's new token
 * lets the request go through as it was (what they filled in is not lost to "Reload"); someone
 * else's session ends this tab's (401: the form is kept for after signing in, for its author).
 */
async function renewCsrfToken(): Promise<void> {
  const before = csrfStaffId;
  const session = await api('/session', { schema: sessionTokenSchema });
  if (before === null || session.user.id !== before) {
    throw new ApiError(401, {
      code: 'unauthenticated',
      message: SOMEONE_ELSE_SIGNED_IN,
    });
  }
  setCsrfToken(session.csrfToken, session.user.id);
}

export type Reauthentication = NonNullable<ErrorBody['reauthentication']>;

/** Asks the person to confirm it's them; true once confirmed, false when they chose not to. */
export type ConfirmIdentity = (needed: Reauthentication, why: string) => Promise<boolean>;

let confirmIdentity: ConfirmIdentity | null = null;

/**
 * Where a `reauthentication-required` answer goes: the signed-in frame registers its dialog
 * here, so every request (a form's, a button's) gets the same one, and the request is sent
 * again as it was once the person confirmed. Answers a function that unregisters it.
 */
export function handleReauthentication(confirm: ConfirmIdentity): () => void {
  confirmIdentity = confirm;
  return () => {
    if (confirmIdentity === confirm) confirmIdentity = null;
  };
}

/** The person closed the confirmation: the request was not sent again, nothing was done. */
export const REAUTHENTICATION_CANCELLED = 'reauthentication-cancelled';

export interface ApiRequest<S extends z.ZodType> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  schema: S;
  signal?: AbortSignal;
  /** `text`: the body as text (a CSV download), else JSON. */
  as?: 'json' | 'text';
  /** Sent again with the session's new CSRF token (renewCsrfToken): not renewed twice. */
  renewed?: boolean;
  /** Sent again after the person confirmed it's them: not asked twice. */
  confirmed?: boolean;
}

function toUrl(path: string, query: ApiRequest<z.ZodType>['query']) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

/**
 * The request never reached the dashboard server (no connection; a reverse proxy's page for a
 * server that is stopped or restarting). Read by its code: `instanceof` fails across a reload of
 * a module that imports this one.
 */
export const cannotBeReached = (error: unknown) =>
  (error as Partial<ApiError> | null)?.code === 'network';

/**
 * The server answered that its database is not answering (PostgreSQL restarting or failing
 * over): like a server that cannot be reached, it answers again by itself in a few seconds.
 */
export const databaseRestarting = (error: unknown) =>
  (error as Partial<ApiError> | null)?.code === 'database-unavailable';

/**
 * The server answered that none of its database connections was free in time (a load spike):
 * its database answers, the request only found no turn; asked again a moment later, it passes.
 */
export const databaseBusy = (error: unknown) =>
  (error as Partial<ApiError> | null)?.code === 'database-busy';

/**
 * What kept the server from answering, worst first: it could not be reached, its database was
 * not answering, or it was busy.
 */
export type Outage = 'unreachable' | 'database' | 'busy';

/** The outage `error` says, if it is one that passes by itself. */
export const outageOf = (error: unknown): Outage | undefined =>
  cannotBeReached(error)
    ? 'unreachable'
    : databaseRestarting(error)
      ? 'database'
      : databaseBusy(error)
        ? 'busy'
        : undefined;

const OUTAGES: Outage[] = ['unreachable', 'database', 'busy'];

/** Of two outages seen in a row, the one to speak of: the worst. */
export const worseOutage = (a: Outage | undefined, b: Outage | undefined) =>
  OUTAGES.find((outage) => outage === a || outage === b);

/**
 * No answer of the dashboard server's own, its database restarting, or it busy: all pass by
 * themselves, so what failed is asked again a few seconds later instead of waiting for a reload.
 */
export const passesByItself = (error: unknown) => outageOf(error) !== undefined;

/**
 * What the snackbar says once the server answers again: that the server is back only if it could
 * not be reached; when only its database was not answering (the server answered throughout),
 * that the database is; when it was only busy, that it answers again.
 */
export const answersAgain = (outage: Outage) =>
  outage === 'unreachable'
    ? 'Connected to the dashboard server again.'
    : outage === 'database'
      ? "The dashboard's database answers again."
      : 'The dashboard is no longer busy.';

/** What the user is told when a request never reached the dashboard server. */
const UNREACHABLE: ErrorBody = {
  code: 'network',
  message: 'The dashboard server cannot be reached. Check your connection and try again.',
};

/** Answered by whatever stands in front of the dashboard server when it is not there. */
const GATEWAY_FAILURES = new Set([502, 503, 504]);

async function readError(response: Response): Promise<ErrorBody> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: fall through to a generic message
  }
  // The BFF words its own 502/503/504 (an upstream failure, shutting down). Without its body, a
  // reverse proxy (nginx's HTML page) is saying the dashboard server is stopped or restarting:
  // the same for the user, and for lib/reconnect.ts, as no answer at all.
  if (GATEWAY_FAILURES.has(response.status)) return UNREACHABLE;
  return {
    code: 'http-' + response.status,
    message: `The server answered ${response.status} ${response.statusText || ''}`.trim() + '.',
  };
}

/** The one way the SPA talks to the BFF: same origin, cookie session, CSRF header, typed errors. */
export async function api<S extends z.ZodType>(
  path: string,
  request: ApiRequest<S>,
): Promise<z.output<S>> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(toUrl(path, request.query), {
      method,
      headers,
      credentials: 'include',
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, UNREACHABLE);
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await readError(response));
    if (error.code === 'csrf' && csrfToken !== null && !request.renewed) {
      await renewCsrfToken();
      return api(path, { ...request, renewed: true });
    }
    const needed = error.reauthentication;
    if (
      error.code === 'reauthentication-required' &&
      needed &&
      confirmIdentity &&
      !request.confirmed
    ) {
      // The same request again (body, headers, Idempotency-Key): the server did nothing of it.
      if (await confirmIdentity(needed, error.message)) {
        return api(path, { ...request, confirmed: true });
      }
      throw new ApiError(403, {
        code: REAUTHENTICATION_CANCELLED,
        message: `Not done: confirm it’s you to ${needed.action} first.`,
      });
    }
    throw error;
  }
  if (response.status === 204) return request.schema.parse(undefined);
  if (request.as === 'text') return request.schema.parse(await response.text());
  return request.schema.parse(await response.json());
}
