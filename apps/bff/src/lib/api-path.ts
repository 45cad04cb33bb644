import type { FastifyRequest } from 'fastify';

/**
 * Whether a request is for /api, judged by the route the router matched rather than the raw
 * request target: an absolute-form target (`DELETE http://host/api/session HTTP/1.1`) reaches
 * the same route, but its raw URL does not start with `/api/`. With no route, or only the
 * SPA's wildcard for files (`/*`, which also catches an unknown `/api/…` GET), the path asked for.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  const path =
    route === undefined || route.includes('*')
      ? request.url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '')
      : route;
  return path.startsWith('/api/');
}
