import { withFieldName, type ErrorBody } from '@ptd/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import {
  databaseBusy,
  databaseUnavailable,
  isDatabaseDown,
  isDatabaseUnavailable,
} from '../db/unavailable.ts';
import { HttpError, safeErr } from '../lib/errors.ts';
import { LogWindows } from '../lib/log-windows.ts';
import fp from 'fastify-plugin';

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body-too-large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported-media-type',
    'Send the body as application/json.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'invalid-request',
    'The body does not match its Content-Length header.',
  ],
};

type Issue = { path: string; message: string };

/** Zod issues from fastify-type-provider-zod, as `{path, message}` naming the field. */
function issuesOf(
  error: {
    validation: Array<{
      instancePath: string;
      message?: string;
      keyword: string;
      params: Record<string, unknown>;
    }>;
  },
  where: string,
): Issue[] {
  return error.validation.flatMap((v) => {
    const base = v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
    // null, an array, a string or no body at all: zod's "expected object" names no field.
    if (where === 'body' && base === '' && v.keyword === 'invalid_type') {
      return [{ path: '', message: 'The body must be a JSON object.' }];
    }
    const keys = v.params.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({
        path: base ? `${base}.${String(key)}` : String(key),
        message: `Unknown field "${String(key)}".`,
      }));
    }
    return [{ path: base, message: v.message ?? 'Invalid value.' }];
  });
}

/** The line that counts the requests answered 503 for the database not logged one by one. */
export const DATABASE_UNAVAILABLE_SUMMARY =
  'further requests answered 503 while the database is not answering, counted rather than logged one by one';
export const DATABASE_BUSY_SUMMARY =
  'further requests answered 503 because no database connection was free, counted rather than logged one by one';

/**
 * Fastify says `Connection: close` with every refusal of a body parser, as the client may still
 * be sending. That is right only for a body not read to its end (too large: the rest is on its
 * way, and would be read as the next request); a body read whole and refused (not JSON, empty,
 * a `__proto__` key, compressed) leaves the connection ready for the next request, and closing
 * it would cost a proxy or browser a new TCP and TLS handshake after every such answer. Node
 * then sends no Connection header (HTTP/1.1's default: the connection stays open), and still
 * closes it when the client asked to (`shouldKeepAlive` is false then, and the header stays).
 * A stopping replica still says close: plugins/drain.ts sets it later, as the answer is sent.
 */
function keepConnectionOnceBodyRead(request: FastifyRequest, reply: FastifyReply) {
  if (
    request.raw.complete &&
    reply.raw.shouldKeepAlive &&
    reply.getHeader('connection') === 'close'
  ) {
    reply.removeHeader('connection');
  }
}

/**
 * One error shape for every route: `{code, message, issues?, upstream?}` (`upstream` holds
 * nanoStream's numeric error code only, never its text). The caller's
 * mistakes are 4xx with the field; a database that does not answer (a restart, a failover) is
 * 503 `database-unavailable` with Retry-After, and every pooled connection busy (a load spike)
 * 503 `database-busy` with Retry-After; anything unexpected is a logged 500 with a
 * generic message.
 */
async function registerErrorHandler(app: FastifyInstance) {
  // Requests answered 503 while the database does not answer: the first of each 10 s is
  // logged, the others counted by route.
  const windows = new LogWindows(app.hasDecorator('now') ? () => app.now() : Date.now);
  app.addHook('onClose', async () => windows.flush());
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    keepConnectionOnceBodyRead(request, reply);
    if (isDatabaseUnavailable(error)) {
      const route = `${request.method} ${request.routeOptions.url ?? 'unknown'}`;
      // Every pooled connection busy (a load spike) is not a database that is down.
      const down = isDatabaseDown(error);
      if (
        windows.first(down ? 'database unavailable' : 'database busy', route, app.log, {
          message: down ? DATABASE_UNAVAILABLE_SUMMARY : DATABASE_BUSY_SUMMARY,
          level: 'warn',
        })
      ) {
        request.log.warn(
          { err: safeErr(error) },
          down
            ? 'the database is not answering; requests that need it are answered 503'
            : 'no database connection was free in time; requests that found none are answered 503',
        );
      }
      const answer = down ? databaseUnavailable() : databaseBusy();
      return reply.code(503).headers(answer.headers).send(answer.toBody());
    }
    if (error instanceof HttpError) {
      // An `errors-only` route (viewers) says what failed itself, once per window at an
      // audience's rate; its request line carries the status.
      if (error.statusCode >= 500 && request.routeOptions.config.requestLog !== 'errors-only') {
        request.log.warn({ code: error.code }, error.message);
      }
      return reply.code(error.statusCode).headers(error.headers).send(error.toBody());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where =
        error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
      const issues = issuesOf(error, where);
      const first = issues[0];
      const body: ErrorBody = {
        code: 'invalid-request',
        message: first ? withFieldName(first.path, first.message) : `Invalid ${where}.`,
        issues,
      };
      return reply.code(400).send(body);
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return reply.code(known[0]).send({ code: known[1], message: known[2] });
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply
        .code(429)
        .send({ code: 'rate-limited', message: 'Too many requests. Wait a moment and try again.' });
    }
    if (status >= 400 && status < 500) {
      // Some library's own refusal: its message may echo the request, so say it in our words.
      return reply.code(status).send({
        code: 'bad-request',
        message: `The request was refused (HTTP ${status} ${STATUS_CODES[status] ?? ''}).`.replace(
          ' )',
          ')',
        ),
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .send({ code: 'internal', message: 'Something went wrong on the dashboard server.' });
  });
}

export const errorHandler = fp(registerErrorHandler, { name: 'error-handler' });
