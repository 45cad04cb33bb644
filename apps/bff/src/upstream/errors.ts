import { bintuErrorSchema, nanoErrorSchema, NANO_ERROR } from '@ptd/contracts';
import { HttpError } from '../lib/errors.ts';
import { parameterRefusal, refusedGeneric, TOKEN_SERVICE_MESSAGES } from './messages.ts';

export { verdictMessage } from './messages.ts';

/** Codes the emulator (and, as far as documented, nanoStream Cloud) answers with. */
export const UPSTREAM_CODES = {
  accessDenied: 2001,
  secureNotEnabled: 2002,
  bintuCredentials: 4002,
  bintuStreamNotFound: 3001,
} as const;

export type Service = 'token service' | 'bintu API';

export const upstreamAuth = () =>
  new HttpError(
    502,
    'upstream-auth',
    'nanoStream Cloud refused the dashboard’s credential. An administrator must check the configured API key or bintu token.',
  );

export const upstreamUnreachable = (service: Service) =>
  new HttpError(
    502,
    'upstream-unreachable',
    `The nanoStream ${service} cannot be reached. Try again later.`,
  );

export const upstreamTimeout = (service: Service) =>
  new HttpError(
    504,
    'upstream-timeout',
    `The nanoStream ${service} did not answer in time. Try again later.`,
  );

export const upstreamMalformed = (service: Service) =>
  new HttpError(
    502,
    'upstream-malformed',
    `The nanoStream ${service} sent an answer the dashboard cannot read.`,
  );

export const secureMissing = () =>
  new HttpError(
    403,
    'secure-package-missing',
    'The organisation has no Secure Playback package, so playback tokens cannot be created. Ask nanocosmos to enable it.',
  );

const roleRefused = () =>
  new HttpError(
    403,
    'upstream-forbidden',
    'nanoStream Cloud refused: the dashboard’s credential has a role that may not do this (read-only).',
  );

/** A refusal we have no answer of our own for: status and code only, never upstream text. */
const refused = (
  status: number,
  service: Service,
  errorCode: number | undefined,
  message = refusedGeneric(service, status, errorCode),
) =>
  new HttpError(
    502,
    'upstream-refused',
    message,
    errorCode === undefined ? {} : { upstream: { errorCode } },
  );

/**
 * The token service asks for fewer requests (HTTP 429); a bulk batch waits and tries again.
 * `retryAfter`: the answer's Retry-After as sent, for `slowDownMs`; the dashboard's own answer
 * asks its client to wait as long, in whole seconds, an HTTP date read against the app's clock
 * (`now`, when the answer came).
 */
export class UpstreamBusy extends HttpError {
  constructor(
    readonly retryAfter: string | undefined,
    now: number,
  ) {
    super(
      503,
      'upstream-busy',
      'The nanoStream token service asks the dashboard to slow down (too many requests). Try again in a moment.',
      {},
      { 'retry-after': String(Math.ceil(slowDownMs(retryAfter, now) / 1000)) },
    );
  }
}

/** The wait when the token service does not say how long, or says it unreadably. */
const SLOW_DOWN_MS = 5_000;
/** However long the token service asks to wait: at least a second, at most a minute. */
const MIN_SLOW_DOWN_MS = 1_000;
const MAX_SLOW_DOWN_MS = 60_000;

/**
 * How long to wait after a "too many requests" whose Retry-After is `retryAfter` (delay in
 * seconds, or an HTTP date read against `now`), kept within MIN_SLOW_DOWN_MS and
 * MAX_SLOW_DOWN_MS; SLOW_DOWN_MS when there is none or it cannot be read.
 */
export function slowDownMs(retryAfter: string | undefined, now: number): number {
  const value = retryAfter?.trim() ?? '';
  const ms = /^\d+$/.test(value)
    ? Number(value) * 1000
    : /[a-z]/i.test(value)
      ? Date.parse(value) - now
      : Number.NaN;
  if (!Number.isFinite(ms)) return SLOW_DOWN_MS;
  return Math.min(MAX_SLOW_DOWN_MS, Math.max(MIN_SLOW_DOWN_MS, ms));
}

/**
 * Token service errors: `{success:false, errorCode, message}`. `now`: the app's clock when the
 * answer came, which a 429's Retry-After as an HTTP date is read against.
 */
export function tokenServiceError(
  status: number,
  body: unknown,
  now: number,
  retryAfter?: string,
): HttpError {
  if (status === 429) return new UpstreamBusy(retryAfter, now);
  const parsed = nanoErrorSchema.safeParse(body);
  if (!parsed.success) {
    return status >= 500
      ? refused(status, 'token service', undefined)
      : upstreamMalformed('token service');
  }
  const { errorCode, message: text } = parsed.data;
  const upstream = { errorCode };
  if (status >= 500) return refused(status, 'token service', errorCode);
  if (errorCode === NANO_ERROR.apiKeyInvalid.errorCode || status === 401) return upstreamAuth();
  if (errorCode === UPSTREAM_CODES.secureNotEnabled) return secureMissing();
  if (errorCode === UPSTREAM_CODES.accessDenied) return roleRefused();
  if (errorCode === NANO_ERROR.parameterRequired.errorCode) {
    const { message, issues } = parameterRefusal('token service', errorCode, text);
    return new HttpError(400, 'invalid-request', message, { upstream, issues });
  }
  if (errorCode === NANO_ERROR.notRevocable.errorCode) {
    return new HttpError(409, 'not-revocable', 'This token was not created as revocable.', {
      upstream,
    });
  }
  return refused(status, 'token service', errorCode, TOKEN_SERVICE_MESSAGES[errorCode]);
}

/** bintu errors: `{error:{message, code}}`. */
export function bintuError(status: number, body: unknown): HttpError {
  const parsed = bintuErrorSchema.safeParse(body);
  if (!parsed.success) {
    return status >= 500 ? refused(status, 'bintu API', undefined) : upstreamMalformed('bintu API');
  }
  const { code, message: text } = parsed.data.error;
  if (status >= 500) return refused(status, 'bintu API', code);
  if (status === 401 || code === UPSTREAM_CODES.bintuCredentials) return upstreamAuth();
  if (code === UPSTREAM_CODES.accessDenied) return roleRefused();
  if (status === 404 || code === UPSTREAM_CODES.bintuStreamNotFound) {
    return new HttpError(404, 'not-found', 'The stream was not found.', {
      upstream: { errorCode: code },
    });
  }
  if (status === 400) {
    const { message, issues } = parameterRefusal('bintu API', code, text);
    return new HttpError(400, 'invalid-request', message, {
      upstream: { errorCode: code },
      issues,
    });
  }
  return refused(status, 'bintu API', code);
}
