import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';

/**
 * Answers a connection may have waiting to go out before a further request on it closes it.
 * Browsers, nginx and undici send the next request on a connection only once the answer
 * before it has arrived; a client that piles requests up (HTTP pipelining) without reading
 * the answers is not one of them.
 */
export const MAX_UNSENT_ANSWERS = 8;

const unsent = Symbol('unsent');
type Counted = Socket & { [unsent]?: number };

/**
 * Node reads and runs every request a client pipelines and keeps each answer in memory until
 * the client reads the ones before it: one connection sending 2,000 requests for the API
 * description (240 KB each) in one write and reading nothing held over a gigabyte, for as long
 * as it stayed open. A connection with MAX_UNSENT_ANSWERS answers not yet sent is closed at its
 * next request, and that request and any behind it are not run.
 */
async function registerPipelining(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    const socket: Counted = request.raw.socket;
    const waiting = socket[unsent] ?? 0;
    if (waiting >= MAX_UNSENT_ANSWERS || socket.destroyed) {
      if (!socket.destroyed) {
        request.log.warn(
          { remoteAddress: socket.remoteAddress, unsentAnswers: waiting },
          'closing a connection that sends requests without reading the answers',
        );
      }
      socket.destroy();
      reply.hijack();
      done();
      return;
    }
    socket[unsent] = waiting + 1;
    // Once the answer has gone out to the socket (or the connection closed).
    reply.raw.once('close', () => {
      socket[unsent] = Math.max((socket[unsent] ?? 1) - 1, 0);
    });
    done();
  });
}

export const pipeliningPlugin = fp(registerPipelining, { name: 'pipelining' });
