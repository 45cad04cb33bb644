import type { TokenListQuery } from '@ptd/contracts';
import { z } from 'zod';
import { HttpError } from '../../lib/errors.ts';

/**
 * A position in the token list: the sort key and id of the row next to it, which way to go
 * from there, and where that page starts (for "26–50 of …"; it drifts as tokens are added
 * above it, which only the label shows). Opaque to clients; it names no token, only an id and
 * a time they have already seen.
 */
export interface Cursor {
  sort: TokenListQuery['sort'];
  order: TokenListQuery['order'];
  direction: 'after' | 'before';
  key: number;
  id: string;
  offset: number;
}

const cursorSchema = z.object({
  s: z.enum(['createdAt', 'expiresAt']),
  o: z.enum(['asc', 'desc']),
  d: z.enum(['after', 'before']),
  k: z.number().int().nonnegative(),
  i: z.string().min(1).max(64),
  n: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

export function encodeCursor(cursor: Cursor): string {
  const { sort: s, order: o, direction: d, key: k, id: i, offset: n } = cursor;
  return Buffer.from(JSON.stringify({ s, o, d, k, i, n })).toString('base64url');
}

const invalid = (message: string) =>
  new HttpError(400, 'invalid-request', `Cursor: ${message}`, {
    issues: [{ path: 'cursor', message }],
  });

/** The cursor of a request, checked against the order it asks for. 400 naming `cursor`. */
export function decodeCursor(text: string, query: Pick<TokenListQuery, 'sort' | 'order'>) {
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw invalid('not one this list gave out; start again from the first page.');
  }
  if (parsed.s !== query.sort || parsed.o !== query.order) {
    throw invalid('it belongs to another sort order; start again from the first page.');
  }
  return {
    sort: parsed.s,
    order: parsed.o,
    direction: parsed.d,
    key: parsed.k,
    id: parsed.i,
    offset: parsed.n,
  } satisfies Cursor;
}
