import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

type Refusal = [status: number, code: string, message: string];

// Protocol refusals ('bad-request'), not a field of the request ('invalid-request').
const NOT_HTTP: Refusal = [400, 'bad-request', 'The request is not valid HTTP.'];
const BAD_LENGTH: Refusal = [400, 'bad-request', 'The Content-Length header is not valid.'];

/** Node's HTTP parser errors worth a message of their own; any other is NOT_HTTP. */
const PARSER_REFUSALS: Record<string, Refusal> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request-timeout', 'The request took too long to arrive.'],
  HPE_HEADER_OVERFLOW: [431, 'headers-too-large', 'The request headers are too large.'],
  HPE_INVALID_CONTENT_LENGTH: BAD_LENGTH,
  HPE_UNEXPECTED_CONTENT_LENGTH: BAD_LENGTH,
};

/**
 * Requests Node could not parse never reach Fastify's error handler; Fastify's default answer
 * is `{error, message: "Client Error", statusCode}`. This one is in our shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  // The peer is gone (or Node already answered): nothing to write to.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = PARSER_REFUSALS[error.code ?? ''] ?? NOT_HTTP;
  const body = JSON.stringify({ code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

/** The router's refusals (before any hook or the error handler runs), in our shape. */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
) {
  const [status, code, message]: Refusal =
    error.code === 'FST_ERR_BAD_URL'
      ? [400, 'invalid-request', 'path: the URL is not validly percent-encoded.']
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [414, 'uri-too-long', 'path: a part of the URL is too long.']
        : [500, 'internal', 'Something went wrong on the dashboard server.'];
  void reply.code(status).send({ code, message });
}
