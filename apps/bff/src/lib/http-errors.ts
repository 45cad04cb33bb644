import type { ErrorBody } from '@ptd/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Answers for requests that never reach a route, in the same `{code, message}` shape as every
 * other error (Fastify's own bodies are `{error, message, statusCode}`). None echoes the
 * request: a path or header may carry anything.
 */

/** Node's HTTP parser refused the bytes (request line, headers, body framing). */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let body: ErrorBody = {
    code: 'bad-request',
    message: 'The request is not valid HTTP/1.1 (request line, headers or body framing).',
  };
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    body = { code: 'headers-too-large', message: 'The request headers are too large.' };
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    body = { code: 'request-timeout', message: 'The request took too long to arrive.' };
  }
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}

/** The router could not read the path: bad percent-encoding, or a parameter over its limit. */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply
      .code(414)
      .send({ code: 'invalid-request', message: 'path: a path parameter is too long.' });
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return reply.code(400).send({
      code: 'invalid-request',
      message: 'path: the URL path is not valid percent-encoding.',
    });
  }
  return reply.code(400).send({ code: 'bad-request', message: 'The request could not be routed.' });
}
