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
/**
 * What a statement fails with when every pooled connection stayed busy for
 * DATABASE_CONNECT_TIMEOUT_MS (connect.ts): the server answers, this process asks too much of
 * it at once. The request is answered 503 `database-busy`, and it is no outage (`isDatabaseDown`).
 * When instead every connection waited that long for a statement's answer and none came, the
 * statement fails with NO_ANSWER_MESSAGE: a silent database, an outage.
 */
export const NO_FREE_CONNECTION_MESSAGE = 'No database connection was free within';
const DRIVER_MESSAGES = [
  NO_ANSWER_MESSAGE,
  NO_FREE_CONNECTION_MESSAGE,
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

/**
 * True when `error` says the database server cannot be reached or is restarting
 * (`isDatabaseUnavailable`) and not only that this process's connections were all busy: what
 * opens the circuit breaker (`DatabaseOutage`).
 */
export function isDatabaseDown(error: unknown): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { message } = current as { message?: unknown };
    if (typeof message === 'string' && message.startsWith(NO_FREE_CONNECTION_MESSAGE)) {
      return false;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return true;
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

/** Seconds a client waits before asking again while every pooled connection is busy. */
export const DATABASE_BUSY_RETRY_AFTER_S = 1;

/**
 * The answer when every pooled connection stayed busy for DATABASE_CONNECT_TIMEOUT_MS (a load
 * spike, `isDatabaseDown` false): 503 like an outage, but saying the dashboard is busy, not that
 * its database is down.
 */
export const databaseBusy = () =>
  new HttpError(
    503,
    'database-busy',
    `The dashboard is busy with other requests. Try again in a moment.`,
    {},
    { 'retry-after': String(DATABASE_BUSY_RETRY_AFTER_S) },
  );

/** While the database does not answer, how often one request tries it again. */
export const DATABASE_PROBE_EVERY_MS = 1_000;

/**
 * What this process has learned of the database's answers, for work that has somewhere else
 * to go meanwhile (rate limits counted in memory): a circuit breaker. Once a statement failed
 * as "database unavailable" it is known down, and callers skip it instead of each waiting out
 * DATABASE_CONNECT_TIMEOUT_MS or DATABASE_QUERY_TIMEOUT_MS (a silent database makes every
 * statement wait its full bound). One probe at a time then tries it, at most every
 * `probeEveryMs` after the last failure; the first answer, a probe's or a statement's sent
 * before, ends the outage.
 */
export class DatabaseOutage {
  /** The last failure, while the database is known down. */
  private failure: { error: unknown; at: number } | undefined;
  private probing = false;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly probeEveryMs = DATABASE_PROBE_EVERY_MS,
  ) {}

  /** True while the database is known not to answer. */
  get down(): boolean {
    return this.failure !== undefined;
  }

  /** What the database last failed with, while it is known down. */
  get error(): unknown {
    return this.failure?.error;
  }

  /**
   * While down: true for one caller at a time, `probeEveryMs` after the last failure, who then
   * sends a statement and reports its outcome with `answered()` or `failed()`.
   */
  probe(): boolean {
    if (!this.failure || this.probing) return false;
    if (this.now() - this.failure.at < this.probeEveryMs) return false;
    this.probing = true;
    return true;
  }

  /** The database answered (a statement succeeded, or was refused by the server itself). */
  answered() {
    this.failure = undefined;
    this.probing = false;
  }

  /**
   * A statement failed as "database unavailable" (`isDatabaseUnavailable`); `probe` when it was
   * the probe's, so that the next may go (a statement sent before the outage was known does not
   * let a second probe go while one waits). One that only found every pooled connection busy
   * (a load spike) opens nothing: the database answers (`isDatabaseDown`).
   */
  failed(error: unknown, probe = false) {
    if (probe) this.probing = false;
    if (isDatabaseDown(error)) this.failure = { error, at: this.now() };
    // A probe that found no free connection: the next waits its turn as after a failure.
    else if (probe && this.failure) this.failure = { ...this.failure, at: this.now() };
  }
}
