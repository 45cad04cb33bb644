import { PLAYBACK_TOKEN_PATH } from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import { playbackTokenRoutes } from './playback-token.ts';
import { viewerPageRoutes } from './viewer-page.ts';

/** Routes for viewers' browsers: no staff session, no CSRF token, each scoped on its own. */
export async function publicRoutes(app: FastifyInstance) {
  // Under its own prefix: the CORS plugin's catch-all OPTIONS route stays within it.
  await app.register(playbackTokenRoutes, { prefix: PLAYBACK_TOKEN_PATH });
  await app.register(viewerPageRoutes);
}
