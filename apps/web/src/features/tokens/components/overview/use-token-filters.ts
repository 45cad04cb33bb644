import { tokenListQuerySchema, type TokenListQuery } from '@ptd/contracts';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from '../../../../lib/navigation.tsx';

export const FILTER_KEYS = [
  'status',
  'stream',
  'tag',
  'user',
  'createdBy',
  'policy',
  'batch',
  'expiringWithin',
] as const;

const DEFAULTS = tokenListQuerySchema.parse({});

/** Reads the list query from the URL, dropping any parameter that is not valid. */
export function parseTokenFilters(params: URLSearchParams): TokenListQuery {
  const shape = tokenListQuerySchema.shape;
  const read = <K extends keyof TokenListQuery>(key: K): TokenListQuery[K] => {
    const raw = params.get(key);
    if (raw === null) return DEFAULTS[key];
    const parsed = shape[key].safeParse(raw);
    return parsed.success ? (parsed.data as TokenListQuery[K]) : DEFAULTS[key];
  };
  return {
    pageSize: read('pageSize'),
    cursor: read('cursor'),
    status: read('status'),
    stream: read('stream'),
    tag: read('tag'),
    user: read('user'),
    createdBy: read('createdBy'),
    policy: read('policy'),
    batch: read('batch'),
    expiringWithin: read('expiringWithin'),
    sort: read('sort'),
    order: read('order'),
  };
}

/**
 * The overview's filters, sort and page (a cursor) live in the URL search params (they hold no
 * secrets), so a filtered view can be bookmarked, shared and restored with Back.
 */
export function useTokenFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseTokenFilters(params), [params]);

  const update = useCallback(
    (
      changes: Partial<
        Record<keyof TokenListQuery | 'record' | 'bulk', string | number | undefined>
      >,
    ) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          // A narrower or reordered list starts again at its first page.
          const resetsPage = Object.keys(changes).some(
            (k) => k !== 'cursor' && k !== 'record' && k !== 'bulk',
          );
          if (resetsPage && !('cursor' in changes)) next.delete('cursor');
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  const clearFilters = useCallback(() => {
    update(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])));
  }, [update]);

  const hasFilters = FILTER_KEYS.some((key) => filters[key] !== undefined);
  const selectedId = params.get('record');
  /** A revoke by filter being followed (its progress survives a reload). */
  const bulkId = params.get('bulk');

  return { filters, update, clearFilters, hasFilters, selectedId, bulkId };
}
