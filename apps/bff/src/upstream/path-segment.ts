import { HttpError } from '../lib/errors.ts';

/** Separators, and `%`: a server or proxy on the way may decode a segment once more. */
const UNSAFE = /[/\\?#%]/;

/**
 * A caller's value as one segment of an upstream path. Dot segments are refused, not escaped,
 * because URL parsing resolves `..` (and `%2e%2e`) against the path we chose: the call would
 * carry our credential somewhere else. `field` names the value in the 400.
 */
export function pathSegment(value: string, field: string): string {
  if (value === '' || value === '.' || value === '..' || UNSAFE.test(value)) {
    throw new HttpError(400, 'invalid-request', `${field}: not a valid id.`);
  }
  return encodeURIComponent(value);
}
