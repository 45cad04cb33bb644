import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The methods a route answers at this path (`/api/tokens/abc`), sorted; empty when no
     * route has the path. Wildcard routes (the SPA's files) do not count.
     */
    allowedMethods(path: string): string[];
  }
}

/** Fastify's own router, with the same rules for a path, holding every route's methods. */
const METHODS: HTTPMethod[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * Knows which methods each path answers, so that a request with another method gets
 * `405 Method Not Allowed` and an `Allow` header rather than "no such route" (or, signed in,
 * a CSRF refusal for a route that does not exist). Registered before any route.
 */
async function registerAllowedMethods(app: FastifyInstance) {
  const table = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true });
  const noop = () => undefined;
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!METHODS.includes(method as HTTPMethod)) continue;
      if (table.hasRoute(method as HTTPMethod, route.url)) continue;
      table.on(method as HTTPMethod, route.url, noop);
    }
  });
  app.decorate('allowedMethods', (path: string) =>
    METHODS.filter((method) => table.find(method, path) !== null),
  );
}

export const allowedMethodsPlugin = fp(registerAllowedMethods, { name: 'allowed-methods' });
