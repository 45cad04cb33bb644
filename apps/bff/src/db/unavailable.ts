import { HttpError } from '../lib/errors.ts';

/**
 * PostgreSQL error codes of a server that is going away or not there yet: class 08 (connection
 * exception), 57P01–57P03 (administrator or crash shutdown, "the database system is starting
 * up"), 53300 (too many connections).
 */
const SERVER_CODES = /^(08...|57P0[123]|53300)$/;
/** What the driver and the socket say when there is no connection to the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What a statement without an answer within DATABASE_QUERY_TIMEOUT_MS fails with (connect.ts). */
export const NO_ANSWER_MESSAGE = 'The database did not answer within';
const DRIVER_MESSAGES = [
  NO_ANSWER_MESSAGE,
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
];

/**
 * True when `error` (or an error it was caused by) says the database server cannot be reached
 * or is restarting, rather than that a statement was refused: the same request can succeed in a
 * few seconds.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SERVER_CODES.test(code) || SOCKET_CODES.has(code))) {
      return true;
    }
    if (typeof message === 'string' && DRIVER_MESSAGES.some((m) => message.startsWith(m))) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client waits before asking again: a restart or a failover takes a few. */
export const DATABASE_RETRY_AFTER_S = 2;

/** The answer while the database does not answer: 503, what happened and when to try again. */
export const databaseUnavailable = () =>
  new HttpError(
    503,
    'database-unavailable',
    `The dashboard's database is not answering (it may be restarting). Try again in ${DATABASE_RETRY_AFTER_S} s.`,
    {},
    { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
  );
