import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { fetchKeySet } from '../services/identity-keys/fetch-key-set.ts';
import { KeySetCache } from '../services/identity-keys/key-cache.ts';
import { loadKeys } from '../services/identity-keys/key-summary.ts';

/** `app.identityKeys`: the sites' key sets that viewer identities are checked with. */
async function registerIdentityKeys(app: FastifyInstance) {
  const { allowHttpLoopback } = app.config.identityJwks;
  app.decorate(
    'identityKeys',
    new KeySetCache({
      now: app.now,
      load: async (url) => loadKeys(await fetchKeySet(url, { allowHttpLoopback })),
      // Only the host: a URL's path or query may carry something the site considers private.
      onError: (url, error) =>
        app.log.warn(
          { jwksHost: new URL(url).host, reason: error.message },
          error.kind === 'refused' ? 'identity keys refused' : 'identity keys unavailable',
        ),
    }),
  );
}

export const identityKeysPlugin = fp(registerIdentityKeys, { name: 'identity-keys' });
