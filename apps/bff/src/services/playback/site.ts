import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../lib/errors.ts';

const header = (request: FastifyRequest, name: 'origin' | 'referer') => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** The host name of an http(s) URL or origin, lower case, without a trailing dot. */
export function hostOf(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return url.hostname.toLowerCase().replace(/\.$/, '');
}

/**
 * The site asking: the host of the Origin header, or of the Referer when a browser sent no
 * Origin. It becomes the token's `domain`, so a request that names no site is refused.
 */
export function requestSiteHost(request: FastifyRequest): string {
  const origin = header(request, 'origin');
  if (origin !== undefined) {
    const host = origin === 'null' ? null : hostOf(origin);
    if (host) return host;
    throw new HttpError(
      403,
      'origin-not-allowed',
      'This page has no usable origin (a sandboxed frame or a local file). Serve it from one of the sites the playback policy allows.',
    );
  }
  const referer = header(request, 'referer');
  const host = referer === undefined ? null : hostOf(referer);
  if (host) return host;
  throw new HttpError(
    403,
    'origin-required',
    'Request the token from the web page that plays the stream: the Origin or Referer header names the site the token is bound to.',
  );
}

export function originNotAllowed(host: string) {
  return new HttpError(
    403,
    'origin-not-allowed',
    `Pages on ${host} may not request playback tokens for this stream.`,
  );
}
