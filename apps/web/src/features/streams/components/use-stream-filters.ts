import { streamListQuerySchema, type StreamListQuery } from '@ptd/contracts';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from '../../../lib/navigation.tsx';

export type StreamFilterKey = keyof StreamListQuery;
export type StreamFilterChanges = Partial<Record<StreamFilterKey, string | number | undefined>>;

/** Reads one query parameter with the contract's rule; a bad value falls back to the default. */
function parse(params: URLSearchParams): StreamListQuery {
  const shape = streamListQuerySchema.shape;
  const read = <K extends StreamFilterKey>(key: K): StreamListQuery[K] => {
    const parsed = shape[key].safeParse(params.get(key) ?? undefined);
    return (parsed.success ? parsed.data : shape[key].parse(undefined)) as StreamListQuery[K];
  };
  return {
    page: read('page'),
    pageSize: read('pageSize'),
    state: read('state'),
    tag: read('tag'),
    search: read('search'),
  };
}

/** The list's filters and page live in the URL, so Back, reload and links keep them. */
export function useStreamFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parse(params), [params]);
  const update = useCallback(
    (changes: StreamFilterChanges) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        // A new filter starts at the first page.
        if (!('page' in changes)) next.delete('page');
        return next;
      }),
    [setParams],
  );
  const clear = useCallback(
    () => update({ state: undefined, tag: undefined, search: undefined }),
    [update],
  );
  const hasFilters = Boolean(filters.state || filters.tag || filters.search);
  return { filters, update, clear, hasFilters };
}
