import { SEED } from '@ptd/emulator';
import type { Caller, Csrf, OriginKind } from './generate.ts';
import type { UpstreamCall } from './recording-upstream.ts';

/** One request and what came back, as the properties see it. */
export interface Exchange {
  /** `METHOD /pattern` of the route the request was aimed at (or a transport case's name). */
  route: string;
  method: string;
  /** The path as sent (percent-encoding intact). */
  path: string;
  caller: Caller;
  csrf: Csrf;
  origin: OriginKind;
  /** null: the server closed the connection without answering. */
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  upstream: UpstreamCall[];
  /** False for requests cut short on purpose (a body that never ends). */
  expectAnswer: boolean;
}

export type Reason =
  | 'server-error'
  | 'no-answer'
  | 'error-shape'
  | 'upstream-text'
  | 'field-not-named'
  | 'field-named-twice'
  | 'credential-leak'
  | 'jwt-leak'
  | 'csrf-bypass'
  | 'cross-site-2xx'
  | 'signed-out-2xx'
  | 'upstream-path';

export interface Finding {
  route: string;
  reason: Reason;
  detail: string;
}

const CREDENTIALS = Object.values(SEED.credentials).flatMap(
  (org) => Object.values(org) as string[],
);
const JWT = /eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]{8,}/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The routes whose job is to hand out a token (a batch's results: its tokens as CSV, once). */
const TOKEN_ROUTES = new Set([
  'POST /api/tokens',
  'POST /playback-token',
  'POST /api/token-batches/:id/results',
]);
/** Sign-in checks the Origin only: there is no session (and so no CSRF token) before it. */
const ORIGIN_ONLY = new Set([
  'POST /api/session',
  // A sign-in's later steps and the set-password link: still no session.
  'POST /api/session/two-factor',
  'POST /api/session/password',
  'POST /api/session/enrolment',
  'POST /api/session/enrolment/confirm',
  'POST /api/password-reset/check',
  'POST /api/password-reset',
]);
/** What anyone may call under /api without a session. */
const PUBLIC_API = [
  /^POST \/api\/session$/,
  /^(GET \/api\/session\/pending|POST \/api\/session\/(two-factor|password|enrolment(\/confirm)?))$/,
  /^POST \/api\/password-reset(\/check)?$/,
  // Signing out without a session changes nothing and answers 204.
  /^DELETE \/api\/session$/,
  // How the sign-in page offers to sign in (password, single sign-on).
  /^(GET|HEAD) \/api\/session\/options$/,
];

/** What the BFF's upstream client builds: nothing else may reach nanoStream Cloud. */
const UPSTREAM_TARGETS: Array<[string, RegExp]> = [
  ['POST', /^\/api\/v1\/splay(\/verify|\/revoke)?$/],
  ['GET', /^\/organisation$/],
  ['GET', /^\/stream(\?(quantity|page|state|tags)=[^&]*(&(quantity|page|state|tags)=[^&]*)*)?$/],
  ['POST', /^\/stream$/],
  // One encoded path segment: never empty, never a dot segment, encoded or not.
  ['GET', /^\/stream\/(?!(\.|%2e){1,2}(\?|$))[^/?#]+$/i],
];

const signedIn = (caller: Caller) =>
  caller === 'admin' || caller === 'editor' || caller === 'viewer';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function shapeProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not a JSON object';
  const { code, message, issues, ...rest } = body as Record<string, unknown>;
  if (typeof code !== 'string' || code === '') return 'no code';
  if (typeof message !== 'string' || message === '') return 'no message';
  const extra = Object.keys(rest).filter((key) => key !== 'upstream');
  if (extra.length) return `unexpected keys ${extra.join(', ')}`;
  if (issues === undefined) return undefined;
  const ok =
    Array.isArray(issues) &&
    issues.every(
      (i: { path?: unknown; message?: unknown }) =>
        typeof i?.path === 'string' && typeof i?.message === 'string',
    );
  return ok ? undefined : 'issues not [{path, message}]';
}

/** A validation 400 names the field: an issue with a path, or a message that says which part. */
export function namesField(body: { message: string; issues?: Array<{ path: string }> }) {
  if (body.issues?.some((issue) => issue.path !== '')) return true;
  // "path: …", "expiresAt: …"; or a whole-request problem that says which part.
  if (/^[\w.[\]-]+: /.test(body.message)) return true;
  return /\b(body|query|querystring|params|header|JSON)\b|"[^"]*"/i.test(body.message);
}

export function check(x: Exchange): Finding[] {
  const found: Finding[] = [];
  const add = (reason: Reason, detail: string) => found.push({ route: x.route, reason, detail });
  const status = x.status;
  const headerText = Object.values(x.headers).flat().join('\n');
  const everything = `${headerText}\n${x.body}`;
  const json = parseJson(x.body) as Record<string, unknown> | undefined;

  if (status === null) {
    if (x.expectAnswer) add('no-answer', 'the connection closed without an answer');
  } else if (status >= 500) add('server-error', `${status} ${x.body.slice(0, 160)}`);

  if (status !== null && status >= 400 && x.method !== 'HEAD') {
    const type = String(x.headers['content-type'] ?? '');
    const problem = type.startsWith('application/json')
      ? shapeProblem(json)
      : `content-type "${type}"`;
    if (problem) add('error-shape', `${status} ${problem}: ${x.body.slice(0, 120)}`);
    // nanoStream's numeric error code may be passed on; any text of its may not.
    if (
      json &&
      'upstream' in json &&
      /"(?!errorCode")[^"]*"\s*:|:\s*"/.test(JSON.stringify(json.upstream))
    )
      add('upstream-text', `${status} ${JSON.stringify(json.upstream)}`);
    if (status === 400 && json?.code === 'invalid-request' && !problem) {
      if (!namesField(json as never)) add('field-not-named', String(json.message));
      // "asOf: asOf: …": the field's path put in front of a message that starts with it.
      else if (/^([^\s:]{1,60}): \1: /.test(String(json.message))) {
        add('field-named-twice', String(json.message));
      }
    }
  }

  for (const credential of CREDENTIALS) {
    if (everything.includes(credential)) add('credential-leak', `answer carries ${credential}`);
  }
  const isTokenAnswer = TOKEN_ROUTES.has(x.route) && status !== null && status < 300;
  if (!isTokenAnswer && JWT.test(everything)) add('jwt-leak', `${status} carries a JWT`);

  const ok = status !== null && status >= 200 && status < 300;
  const key = `${x.method} ${x.path}`;
  if (ok && UNSAFE.has(x.method) && x.path.startsWith('/api/')) {
    if (signedIn(x.caller) && x.csrf !== 'ok' && !ORIGIN_ONLY.has(x.route)) {
      add('csrf-bypass', `${status} without a valid x-csrf-token (${x.csrf})`);
    }
    if (x.origin === 'foreign' || x.origin === 'null' || x.origin === 'shop') {
      add('cross-site-2xx', `${status} from Origin ${x.origin}`);
    }
  }
  if (ok && !signedIn(x.caller) && x.path.startsWith('/api')) {
    if (!PUBLIC_API.some((pattern) => pattern.test(key))) add('signed-out-2xx', `${status}`);
  }

  for (const call of x.upstream) {
    const allowed = UPSTREAM_TARGETS.some(([m, p]) => m === call.method && p.test(call.target));
    if (!allowed) add('upstream-path', `${call.method} ${call.target}`);
  }
  return found;
}
