import type { FastifyRequest } from 'fastify';

/**
 * Whether a request is for /api, judged by the route the router matched rather than the raw
 * request target: an absolute-form target (`DELETE http://host/api/session HTTP/1.1`) reaches
 * the same route, but its raw URL does not start with `/api/`.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? request.url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '');
  return path.startsWith('/api/');
}
