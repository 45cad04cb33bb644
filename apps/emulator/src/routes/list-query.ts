import { STREAM_STATES, streamStateSchema } from '@ptd/contracts';
import type { StreamState } from '@ptd/contracts';
import { bintuWrongType } from '../errors.ts';
import type { BintuErrorSpec } from '../errors.ts';

export const DEFAULT_QUANTITY = 50;
export const MAX_QUANTITY = 150;

export interface ListQuery {
  page: number;
  quantity: number;
  state?: StreamState | undefined;
  tags: string[];
}

type Parsed = { ok: true; value: ListQuery } | { ok: false; error: BintuErrorSpec };

const first = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) ? first(value[0]) : undefined;

function positiveInt(raw: string | undefined, fallback: number, max = Infinity) {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= max ? n : undefined;
}

/**
 * `GET /stream?quantity&page&state&tags`. Out-of-range values are refused rather than
 * clamped, so a client bug shows up instead of silently returning a different page.
 * `page` starts at 1; `tags` is comma-separated and a stream must carry all of them.
 */
export function parseListQuery(query: Record<string, unknown>): Parsed {
  const quantity = positiveInt(first(query.quantity), DEFAULT_QUANTITY, MAX_QUANTITY);
  if (quantity === undefined) {
    return { ok: false, error: bintuWrongType(`quantity must be an integer 1..${MAX_QUANTITY}`) };
  }
  const page = positiveInt(first(query.page), 1);
  if (page === undefined) {
    return { ok: false, error: bintuWrongType('page must be an integer from 1') };
  }
  const rawState = first(query.state);
  const state = rawState ? streamStateSchema.safeParse(rawState) : undefined;
  if (state && !state.success) {
    return { ok: false, error: bintuWrongType(`state must be one of ${STREAM_STATES.join(', ')}`) };
  }
  const tags = (first(query.tags) ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return { ok: true, value: { page, quantity, state: state?.data, tags } };
}
