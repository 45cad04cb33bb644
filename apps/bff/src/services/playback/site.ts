import { requestOrigin } from '@ptd/contracts';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../lib/errors.ts';

/** The site asking: its origin (compared with the policy's) and host (the token's domain). */
export interface RequestSite {
  origin: string;
  host: string;
}

const header = (request: FastifyRequest, name: 'origin' | 'referer') => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The origin of the Origin header, or of the Referer when a browser sent no Origin. Its host
 * becomes the token's `domain`, so a request that names no site is refused.
 */
export function requestSite(request: FastifyRequest): RequestSite {
  const origin = header(request, 'origin');
  if (origin !== undefined) {
    const site = requestOrigin(origin);
    if (site) return site;
    throw new HttpError(
      403,
      'origin-not-allowed',
      'This page has no usable origin (a sandboxed frame or a local file). Serve it from one of the sites the playback policy allows.',
    );
  }
  const referer = header(request, 'referer');
  const site = referer === undefined ? null : requestOrigin(referer);
  if (site) return site;
  throw new HttpError(
    403,
    'origin-required',
    'Request the token from the web page that plays the stream: the Origin or Referer header names the site the token is bound to.',
  );
}

/** The request's site, or null when it names none (the error comes later, from the route). */
export function requestSiteOrNull(request: FastifyRequest): RequestSite | null {
  try {
    return requestSite(request);
  } catch {
    return null;
  }
}

export function originNotAllowed(origin: string) {
  return new HttpError(
    403,
    'origin-not-allowed',
    `Pages on ${origin} may not request playback tokens for this stream.`,
  );
}
