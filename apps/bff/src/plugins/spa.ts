import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';

/**
 * apps/web/dist, found from this module's folder rather than from the working directory: from
 * src/plugins when run from source, from dist/ when run as the built bundle.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_DIST =
  [path.resolve(here, '../../../web/dist'), path.resolve(here, '../../web/dist')].find((dir) =>
    existsSync(path.join(dir, 'index.html')),
  ) ?? path.resolve(here, '../../../web/dist');

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * No route for this method and path: `405` with `Allow` when the path answers other methods
 * (`GET /playback-token`, `PUT /api/tokens`), else `404`. Null when another method would not
 * help either and the caller may still answer (the SPA's pages).
 */
function wrongMethod(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '/';
  const allowed = app.allowedMethods(path);
  if (allowed.length === 0) return null;
  return reply
    .code(405)
    .header('allow', allowed.join(', '))
    .send({
      code: 'method-not-allowed',
      message: `${request.method} is not answered at ${path}: use ${allowed.join(', ')}.`,
    });
}

function notFoundJson(request: FastifyRequest, reply: FastifyReply) {
  return (
    wrongMethod(request.server, request, reply) ??
    reply.code(404).send({
      code: 'not-found',
      message: `No route ${request.method} ${request.url.split('?')[0]}.`,
    })
  );
}

/**
 * Serves the built SPA from the same origin: hashed `/assets/*` cached for a year,
 * `index.html` revalidated every time, and unknown non-API GETs answered with index.html so
 * client-side routes survive a reload. Unknown /api routes stay JSON 404s.
 */
async function registerSpa(app: FastifyInstance) {
  const { config } = app;
  const dist = config.webDistDir ?? DEFAULT_WEB_DIST;
  const wanted =
    config.nodeEnv === 'production' || config.webDistDir !== undefined || existsSync(dist);
  const available = existsSync(path.join(dist, 'index.html'));
  if (!wanted || !available) {
    if (wanted)
      app.log.warn({ dist }, 'web build not found: serving the API only (run `pnpm build`)');
    app.setNotFoundHandler(notFoundJson);
    return;
  }
  app.log.info({ dist }, 'serving the web app');
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: false,
    cacheControl: false,
    setHeaders: (res, filePath) => {
      const relative = path.relative(dist, filePath).split(path.sep).join('/');
      res.setHeader('cache-control', relative.startsWith('assets/') ? IMMUTABLE : 'no-cache');
    },
  });
  const shell = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  // The static plugin refuses a directory (`/`) when `index` is off; the shell answers it.
  app.get('/', { schema: { hide: true } }, shell);
  app.setNotFoundHandler((request, reply) => {
    // A route's path asked with another method is not a page (`GET /playback-token`).
    const refused = wrongMethod(app, request, reply);
    if (refused) return refused;
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    if (!isPage || request.url === '/api' || request.url.startsWith('/api/')) {
      return notFoundJson(request, reply);
    }
    // A missing hashed asset is a real 404, not the app shell.
    if (request.url.startsWith('/assets/')) return notFoundJson(request, reply);
    return shell(request, reply);
  });
}

export const spaPlugin = fp(registerSpa, { name: 'spa' });
