import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../lib/errors.ts';
import { sharedPlugin } from '../lib/plugin.ts';

/**
 * Security headers for every answer. Scripts only from this origin; inline styles are allowed
 * because MUI/emotion injects them. no-referrer because playout URLs carry tokens.
 */
export const securityPlugin = sharedPlugin('security', async (app: FastifyInstance) => {
  // helmet itself, configured once: the Fastify wrapper rebuilt it (and re-parsed the CSP) for
  // every request, 3% of the BFF's CPU per token creation.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
  // Limits are opt-in per route (sign-in, token creation); see their route configs.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () =>
      new HttpError(429, 'rate-limited', 'Too many requests. Wait a moment and try again.'),
  });
});
