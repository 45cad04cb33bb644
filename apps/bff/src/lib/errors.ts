import type { ErrorBody } from '@ptd/contracts';

/**
 * An answer the caller should see as is: status, a stable `code` the SPA can switch on, and
 * a message a person can act on. Anything else that is thrown becomes a generic 500.
 */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Pick<ErrorBody, 'issues' | 'upstream' | 'reauthentication'> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** The same failure with a sentence added that says what became of the request; others as they are. */
export const withSentence = (error: unknown, sentence: string) =>
  error instanceof HttpError
    ? new HttpError(
        error.statusCode,
        error.code,
        `${error.message} ${sentence}`,
        error.extra,
        error.headers,
      )
    : error;

/** An error for a log line: its message and code, never the object (a driver's may echo parameters). */
export const safeErr = (error: unknown) => ({
  message: (error as Error | undefined)?.message,
  code: (error as { code?: unknown } | undefined)?.code,
});

export const notFound = (what: string) => new HttpError(404, 'not-found', `${what} was not found.`);

export const unauthenticated = (message = 'Sign in to continue.') =>
  new HttpError(401, 'unauthenticated', message);

export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

export const conflict = (code: string, message: string) => new HttpError(409, code, message);
