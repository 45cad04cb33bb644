import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { isApiRequest } from '../lib/api-path.ts';
import { HttpError } from '../lib/errors.ts';
import fp from 'fastify-plugin';

/** A URL's host name as `isIP` reads it: an IPv6 address without its brackets. */
const bareHostname = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** The host name a request was sent to (`Host`, or `X-Forwarded-Host` from a trusted proxy). */
function hostnameOf(request: FastifyRequest): string | null {
  try {
    return bareHostname(new URL(`http://${request.host}`));
  } catch {
    return null;
  }
}

/**
 * The staff API answers only for its own host names: PUBLIC_ORIGIN's, `localhost` and
 * addresses (`127.0.0.1`, a replica's own IP for a probe or a script). Another name means the
 * browser was sent here by a name that is not the dashboard's: a DNS-rebinding page
 * (`evil.example` resolved to this server) would otherwise count as this site, since the CSRF
 * check compares Origin with the Host when PUBLIC_ORIGIN is unset, and links would be built
 * from that name. Pages, assets, health checks and the public viewer endpoint carry no staff
 * authority and are not held to it.
 */
async function registerHostCheck(app: FastifyInstance) {
  const publicOrigin = app.config.publicOrigin;
  const ownName = publicOrigin ? bareHostname(new URL(publicOrigin)) : null;
  const allowed = (name: string) =>
    name === ownName || isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost');
  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request)) return;
    const name = hostnameOf(request);
    if (name !== null && allowed(name)) return;
    const asked = (name ?? request.host).slice(0, 100);
    throw new HttpError(
      421,
      'wrong-host',
      publicOrigin
        ? `This dashboard answers at ${publicOrigin}, not at "${asked}".`
        : `This dashboard does not answer for "${asked}". Open it at its own address; ` +
            'to serve it under a host name, set PUBLIC_ORIGIN to that address ' +
            '(e.g. https://dashboard.example.com).',
    );
  });
}

export const hostCheckPlugin = fp(registerHostCheck, { name: 'host-check' });
