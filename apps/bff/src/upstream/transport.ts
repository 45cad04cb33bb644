import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { HttpError } from '../lib/errors.ts';
import { upstreamMalformed, upstreamTimeout, upstreamUnreachable, type Service } from './errors.ts';

export interface TransportOptions {
  connectTimeoutMs: number;
  /**
   * Time for the whole answer once connected: headers and body together. One call never takes
   * longer than connectTimeoutMs + responseTimeoutMs, however the upstream paces its bytes.
   */
  responseTimeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  /** Parsed JSON, or `undefined` for an empty or unreadable body. */
  body: unknown;
  /** True when there was a body but it was not JSON (an HTML error page, a cut-off answer). */
  malformed: boolean;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** One keep-alive pool per BFF process: upstream calls reuse warm TLS connections. */
export function createAgent(options: TransportOptions): Agent {
  return new Agent({
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.responseTimeoutMs,
    bodyTimeout: options.responseTimeoutMs,
    keepAliveTimeout: 10_000,
    connections: 32,
  });
}

function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Failures before a connection existed: the request was never sent, so the upstream cannot
 * have acted on it (unlike a reset or a timeout once it was sent).
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const notSent = new WeakSet<HttpError>();

/** True for a transport error raised before the request left: the upstream did nothing. */
export const neverSent = (error: unknown) =>
  typeof error === 'object' && error !== null && notSent.has(error as HttpError);

/** Turns a network failure into the answer the caller sees. Never includes request details. */
export function transportError(error: unknown, service: Service): HttpError {
  const code = errorCodeOf(error);
  const name = (error as { name?: string } | undefined)?.name;
  const answer =
    (code && TIMEOUT_CODES.has(code)) || name === 'TimeoutError'
      ? upstreamTimeout(service)
      : upstreamUnreachable(service);
  if (code && NOT_SENT_CODES.has(code)) notSent.add(answer);
  return answer;
}

/**
 * Sends one JSON request. Resolves with any HTTP status (mapping is the caller's job) and
 * rejects with an HttpError for network faults, timeouts and unreadable bodies.
 */
export async function sendJson(
  agent: Dispatcher,
  service: Service,
  options: TransportOptions,
  url: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: unknown,
): Promise<UpstreamResponse> {
  let response: Dispatcher.ResponseData;
  // The one total deadline of the call (connect + headers + body). undici's own timeouts are
  // per phase and per gap, so a server trickling bytes would dodge them, and they fire late
  // (coarse timers). A timer cleared once the body is read, not AbortSignal.timeout(): that
  // one keeps a timer and a weak reference alive for the whole deadline after every call (~5%
  // of the BFF's CPU when creating tokens under load, `pnpm bench`).
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('The upstream call took too long.', 'TimeoutError')),
    options.connectTimeoutMs + options.responseTimeoutMs,
  );
  try {
    response = await request(url, {
      dispatcher: agent,
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: deadline.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    throw transportError(error, service);
  }
  let text: string;
  try {
    const declared = Number(response.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      await response.body.dump();
      throw upstreamMalformed(service);
    }
    text = await response.body.text();
  } catch (error) {
    if ((error as HttpError).name === 'HttpError') throw error;
    throw transportError(error, service);
  } finally {
    clearTimeout(timer);
  }
  if (text.trim() === '') return { status: response.statusCode, body: undefined, malformed: false };
  try {
    return { status: response.statusCode, body: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { status: response.statusCode, body: undefined, malformed: true };
  }
}
