import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';

/** Requests received on a connection and not answered yet. */
const unanswered = Symbol('unanswered');
type Counted = Socket & { [unanswered]?: number };

/** How often, while stopping, connections that finished their last answer are closed. */
const REAP_EVERY_MS = 100;
/** How long requests already received may take to be answered before their connections go. */
export const DRAIN_MS = 10_000;

/**
 * Stopping (SIGTERM, a rolling restart) without dropping what was accepted or keeping what
 * stops it waiting. `close()` stops the listener, so new connections go to another replica;
 * requests that reach this one on a connection it already had are answered as usual, not
 * refused: a viewer asking just then gets a token rather than a 503 to retry elsewhere.
 *
 * Every answer sent while stopping says `Connection: close`, also to requests received before
 * the stop: the client (a browser, or nginx keeping connections to the replicas) sends its next
 * request on a new connection, to another replica. Answered with keep-alive, it would send it
 * on a connection this replica closes a moment later, and a proxy cannot tell whether a POST
 * sent just then was received (nginx answers 502). Connections idle when the listener stops
 * are closed then (by Node); any still open afterwards is closed as soon as it has no request
 * in flight, so that the rows held behind viewer answers (written by the close hooks that run
 * only after the last connection) do not wait for the keep-alive timeout (72 s). A connection
 * still busy after `DRAIN_MS` is cut, so that those rows are always written.
 */
async function registerDrain(app: FastifyInstance) {
  let stopping = false;
  app.addHook('onRequest', (request, _reply, done) => {
    const socket: Counted = request.raw.socket;
    socket[unanswered] = (socket[unanswered] ?? 0) + 1;
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const socket: Counted = request.raw.socket;
    const left = Math.max((socket[unanswered] ?? 1) - 1, 0);
    socket[unanswered] = left;
    // Not while a request sent behind this one (pipelined) waits on the same connection: it
    // would be run and its answer lost with the connection.
    if (stopping && left === 0) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('preClose', async () => {
    const server = app.server;
    if (!server.listening) return;
    stopping = true;
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
