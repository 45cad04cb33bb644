import type { FastifyInstance } from 'fastify';
import { playbackTokenRoutes } from './playback-token.ts';
import { viewerPageRoutes } from './viewer-page.ts';

/** Routes for viewers' browsers: no staff session, no CSRF token, each scoped on its own. */
export async function publicRoutes(app: FastifyInstance) {
  await app.register(playbackTokenRoutes);
  await app.register(viewerPageRoutes);
}
