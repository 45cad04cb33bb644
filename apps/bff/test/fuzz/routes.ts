import type { FastifyInstance } from 'fastify';
import type { JsonSchema } from './json-schema-arbitrary.ts';

export interface OpenApiParameter {
  in: 'query' | 'path' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

export interface RouteSpec {
  method: string;
  /** Fastify's pattern: `/api/tokens/:id/revoke`, `/api/docs/*`. */
  path: string;
  /** `POST /api/tokens/:id/revoke`: how findings and counts name the route. */
  key: string;
  /** Its OpenAPI operation; hidden routes (docs, the viewer page, CORS preflight) have none. */
  operation?: OpenApiOperation;
}

const LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/;

/** Every route the app serves, read from the router itself (`printRoutes`). */
export function routerRoutes(app: FastifyInstance): Array<{ method: string; path: string }> {
  const stack: string[] = [];
  const routes: Array<{ method: string; path: string }> = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('');
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      routes.push({ method, path });
    }
  }
  return routes;
}

/**
 * The routes to fuzz: every route of the router (so a new one is fuzzed without anyone
 * listing it), with the OpenAPI operation where the document has one. HEAD is left to the
 * generator, which sends it now and then instead of GET.
 */
export function discoverRoutes(
  app: FastifyInstance,
  openapi: { paths: Record<string, Record<string, OpenApiOperation>> },
): RouteSpec[] {
  const operations = new Map<string, OpenApiOperation>();
  for (const [path, methods] of Object.entries(openapi.paths)) {
    const pattern = path.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(methods)) {
      operations.set(`${method.toUpperCase()} ${pattern}`, operation);
    }
  }
  const specs = routerRoutes(app)
    .filter((route) => route.method !== 'HEAD')
    .map((route): RouteSpec => {
      const key = `${route.method} ${route.path}`;
      const operation = operations.get(key);
      return { ...route, key, ...(operation ? { operation } : {}) };
    });
  const missing = [...operations.keys()].filter((key) => !specs.some((s) => s.key === key));
  if (missing.length > 0) {
    throw new Error(`routes in the OpenAPI document but not in the router: ${missing.join(', ')}`);
  }
  return specs;
}
