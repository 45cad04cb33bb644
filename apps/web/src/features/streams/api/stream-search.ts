import { STREAM_SEARCH_MAX_LENGTH as SEARCH_MAX_LENGTH, type Stream } from '@ptd/contracts';
import { useEffect } from 'react';
import { useDebouncedValue } from '@/lib/use-debounced-value.ts';
import { useStreamList } from './list-streams.ts';

/** Streams matching what was typed (name or id), newest first, searched by the server. */
export function useStreamSearch(input: string, onFound?: (streams: Stream[]) => void) {
  const search = useDebouncedValue(input.trim(), 300);
  // Longer than any name or id the server searches: nothing matches, and it would refuse it.
  const searchable = search.length <= SEARCH_MAX_LENGTH;
  const list = useStreamList(
    { page: 1, pageSize: 20, search: search || undefined },
    { enabled: searchable },
  );
  const items = searchable ? list.data?.items : undefined;
  useEffect(() => {
    if (items) onFound?.(items);
  }, [items, onFound]);
  return { search, items: items ?? [], loading: searchable && list.isFetching, error: list.error };
}
