import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import fp from 'fastify-plugin';
import { unauthenticated } from '../lib/errors.ts';

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

const SIGN_IN_FIRST = 'Sign in to the dashboard to read its API documentation.';

/** What a browser opening the docs page without a session is shown: where to go instead. */
const SIGN_IN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to read the API documentation</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}h1{font-size:1.5rem}</style>
</head><body>
<h1>Sign in to read the API documentation</h1>
<p>The API documentation is for the dashboard's signed-in staff.
<a href="/">Sign in to the dashboard</a>, then open this page again.</p>
</body></html>
`;

/**
 * `API_DOCS=staff` (the default): the description of every route is for signed-in staff, of any
 * role. Signed out, a browser gets a page saying where to sign in; any other client a JSON 401.
 */
const signedInStaffOnly: preHandlerAsyncHookHandler = async (request, reply) => {
  if (request.staff) return;
  if (request.headers.accept?.includes('text/html')) {
    return reply.code(401).type('text/html; charset=utf-8').send(SIGN_IN_PAGE);
  }
  throw unauthenticated(SIGN_IN_FIRST);
};

/**
 * OpenAPI document at /api/openapi.json (generated from the zod schemas) and a UI at /api/docs,
 * for signed-in staff, anyone or no one (`API_DOCS`).
 */
async function registerDocs(app: FastifyInstance) {
  if (app.config.apiDocs === 'off') return;
  const hooks = app.config.apiDocs === 'staff' ? { preHandler: signedInStaffOnly } : {};
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
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: DOCS_CSP,
    uiHooks: hooks,
    // The browser tab names the page as the dashboard's own pages do, not "Swagger UI".
    theme: { title: 'API documentation · nanoStream Cloud' },
  });
  app.get('/api/openapi.json', { schema: { hide: true }, ...hooks }, async () => app.swagger());
}

export const docsPlugin = fp(registerDocs, { name: 'docs' });
