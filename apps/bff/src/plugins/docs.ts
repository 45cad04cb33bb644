import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import fp from 'fastify-plugin';

/**
 * The docs page needs a little more than the app's CSP: Swagger UI draws images from data:
 * URLs and uses inline styles. The override applies only inside the docs plugin's routes.
 */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  // As the app's own: no <base> to re-point relative URLs, forms post only here.
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** OpenAPI document at /api/openapi.json (generated from the zod schemas) and a UI at /api/docs. */
async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Playback token dashboard BFF',
        description:
          'Staff API behind the dashboard. Sign in with POST /api/session; send the session cookie and, on every POST/PATCH/DELETE, the `x-csrf-token` from the session body.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ptd_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

export const docsPlugin = fp(registerDocs, { name: 'docs' });
