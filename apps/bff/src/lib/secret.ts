import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A value that must never reach a log line or a response body. Serialising or printing it
 * yields `[redacted]`; only `reveal()` gives the value, so every use is easy to find.
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toJSON() {
    return REDACTED;
  }

  toString() {
    return REDACTED;
  }

  [inspect.custom]() {
    return `Secret(${REDACTED})`;
  }
}
