import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** How often, while stopping, connections that finished their last answer are closed. */
const REAP_EVERY_MS = 100;
/** How long requests already received may take to be answered before their connections go. */
export const DRAIN_MS = 10_000;

/**
 * Stopping (SIGTERM, a rolling restart) without dropping what was accepted or keeping what
 * stops it waiting. `close()` stops the listener, so new connections go to another replica;
 * requests that reach this one on a connection it already had are answered as usual (with
 * `Connection: close`), not refused: a viewer asking just then gets a token rather than a 503
 * to retry elsewhere. A kept-alive connection closes as soon as it has no request in flight:
 * Node closes the idle ones once, when the listener stops, so one that finishes its answer
 * afterwards would otherwise stay open until the client or the keep-alive timeout (72 s)
 * closed it, and the rows held behind viewer answers (written by the close hooks that run only
 * after the last connection) would wait for it. A connection still busy after `DRAIN_MS` is
 * cut, so that those rows are always written.
 */
async function registerDrain(app: FastifyInstance) {
  app.addHook('preClose', async () => {
    const server = app.server;
    if (!server.listening) return;
    const reap = setInterval(() => server.closeIdleConnections(), REAP_EVERY_MS);
    const cut = setTimeout(() => {
      app.log.warn(
        { afterMs: DRAIN_MS },
        'stopping: requests still unanswered, closing their connections',
      );
      server.closeAllConnections();
    }, DRAIN_MS);
    server.once('close', () => {
      clearInterval(reap);
      clearTimeout(cut);
    });
  });
}

export const drainPlugin = fp(registerDrain, { name: 'drain' });
