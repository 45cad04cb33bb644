import fc from 'fast-check';
import type { Caller } from './generate.ts';
import type { RouteSpec } from './routes.ts';
import { bodyCases } from './transport-bodies.ts';
import { requestCases } from './transport-requests.ts';

/**
 * Hostile HTTP/1.1 as bytes on a socket: what `inject` cannot send because it never parses a
 * request. Each case names the route it aims at (for findings and counts) when it has one.
 */
export interface TransportCase {
  category: string;
  route?: RouteSpec;
  caller: Caller;
  csrf: boolean;
  method: string;
  /** Request target as written on the request line. */
  target: string;
  /** Header lines as written (no CRLF); the runner adds cookie, CSRF, host and connection. */
  headers: string[];
  /** Bytes, or a generated JSON value (ids filled in when sent) and how to frame it. */
  body: Buffer | { json: unknown; frame?: (bytes: Buffer) => Buffer };
  /** The body is announced but not all of it comes: no answer is owed. */
  cut?: boolean;
  /** Written verbatim instead of a request built from the fields above. */
  raw?: Buffer;
}

export type Base = fc.Arbitrary<{ caller: Caller; csrf: boolean }>;

/** Any hostile request, from any caller; path tricks weigh more (they reach the upstream). */
export function transportCase(routes: RouteSpec[]): fc.Arbitrary<TransportCase> {
  const base: Base = fc.record({
    caller: fc.constantFrom<Caller>('admin', 'editor', 'viewer', 'signed-out', 'tampered'),
    csrf: fc.boolean(),
  });
  const requests = requestCases(routes, base);
  return fc.oneof(
    ...bodyCases(routes, base),
    { weight: 3, arbitrary: requests.paths },
    ...requests.others,
  );
}
