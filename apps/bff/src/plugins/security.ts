import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiRequest } from '../lib/api-path.ts';

/** A year, subdomains included: what helmet would send, but only where it means something. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Powerful features the dashboard never uses, off for it and anything it frames. Only names
 * Chromium knows (an unknown one is a console warning on every page). The copy buttons need
 * clipboard-write. autoplay and fullscreen are left out: the viewer example page delegates
 * them to the player's frame (`allow="autoplay; fullscreen"`), which `=(self)` would forbid.
 */
export const PERMISSIONS_POLICY = [
  ...[
    'accelerometer',
    'browsing-topics',
    'camera',
    'clipboard-read',
    'display-capture',
    'geolocation',
    'gyroscope',
    'hid',
    'idle-detection',
    'magnetometer',
    'microphone',
    'midi',
    'payment',
    'screen-wake-lock',
    'serial',
    'usb',
    'xr-spatial-tracking',
  ].map((feature) => `${feature}=()`),
  'clipboard-write=(self)',
].join(', ');

/**
 * Security headers for every answer. Scripts only from this origin; inline styles are allowed
 * because MUI/emotion injects them. no-referrer because playout URLs carry tokens. Every /api
 * answer is `Cache-Control: no-store`.
 */
async function registerSecurity(app: FastifyInstance) {
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
    // Not same-origin: "Confirm it's you" opens the single sign-on provider in a window that
    // must still reach this page when it comes back (other sites still cannot reach ours).
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    // Agrees with frame-ancestors 'none' for browsers that only know the older header.
    xFrameOptions: { action: 'deny' },
    // Set per request below: RFC 6797 §7.2 forbids it on answers over plain http.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    // Staff data, the CSRF token and refusals stay in no browser or proxy cache (ASVS 8.2.1);
    // a route may still choose otherwise (the docs page's files).
    if (isApiRequest(request)) {
      reply.header('cache-control', 'no-store');
    }
    // request.protocol honours X-Forwarded-Proto only from a TRUST_PROXY proxy.
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    securityHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
}

export const securityPlugin = fp(registerSecurity, { name: 'security' });
