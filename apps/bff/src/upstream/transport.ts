import { Agent } from 'undici';
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
  /**
   * Connections kept open to each upstream origin (UPSTREAM_CONNECTIONS). Calls beyond them
   * wait for one to come free, so this bounds the calls in flight: with the token service 50 ms
   * away, 32 connections answer at most 640 viewer tokens a second whatever the CPU could do.
   */
  connections?: number;
}

/** Connections per upstream origin when not configured (UPSTREAM_CONNECTIONS' default). */
export const DEFAULT_UPSTREAM_CONNECTIONS = 256;

export interface UpstreamResponse {
  status: number;
  /** Parsed JSON, or `undefined` for an empty or unreadable body. */
  body: unknown;
  /** True when there was a body but it was not JSON (an HTML error page, a cut-off answer). */
  malformed: boolean;
  /** The answer's Retry-After header as sent, if any (seconds or an HTTP date). */
  retryAfter?: string;
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
    connections: options.connections ?? DEFAULT_UPSTREAM_CONNECTIONS,
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
 *
 * Through the agent's `dispatch()` with a handler that collects the body, not `request()`: that
 * one builds a body stream, an abort signal and its listeners for every call, about a tenth of
 * the BFF's CPU per viewer token (`pnpm bench` profile).
 */
export function sendJson(
  agent: Dispatcher,
  service: Service,
  options: TransportOptions,
  url: URL,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: unknown,
): Promise<UpstreamResponse> {
  return new Promise<UpstreamResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let retryAfter: string | undefined;
    const chunks: Buffer[] = [];
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject((error as HttpError).name === 'HttpError' ? error : transportError(error, service));
    };
    // The one total deadline of the call (connect + headers + body). undici's own timeouts are
    // per phase and per gap, so a server trickling bytes would dodge them, and they fire late
    // (coarse timers). Still waiting for a connection of the pool: the call is abandoned here
    // and aborted once it gets one.
    const timer = setTimeout(() => {
      const timeout = new DOMException('The upstream call took too long.', 'TimeoutError');
      controller?.abort(timeout);
      fail(timeout);
    }, options.connectTimeoutMs + options.responseTimeoutMs);
    try {
      dispatch();
    } catch (error) {
      fail(error);
    }

    function dispatch() {
      agent.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method,
          headers: {
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? null : JSON.stringify(body),
        },
        {
          onRequestStart(started) {
            controller = started;
            if (settled) started.abort(new DOMException('Abandoned.', 'AbortError'));
          },
          onResponseStart(started, statusCode, responseHeaders) {
            status = statusCode;
            const wait = responseHeaders['retry-after'];
            retryAfter = Array.isArray(wait) ? wait[0] : wait;
            if (Number(responseHeaders['content-length'] ?? 0) > MAX_BODY_BYTES) {
              fail(upstreamMalformed(service));
              started.abort(new Error('The answer is too large.'));
            }
          },
          onResponseData(_started, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const answer = parseAnswer(status, Buffer.concat(chunks).toString('utf8'));
            resolve(retryAfter === undefined ? answer : { ...answer, retryAfter });
          },
          onResponseError(_started, error) {
            fail(error);
          },
        },
      );
    }
  });
}

function parseAnswer(status: number, text: string): UpstreamResponse {
  if (text.trim() === '') return { status, body: undefined, malformed: false };
  try {
    return { status, body: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { status, body: undefined, malformed: true };
  }
}
