import type { Stream } from '@ptd/contracts';
import { useEffect } from 'react';
import { useDebouncedValue } from '@/lib/use-debounced-value.ts';
import { useStreamList } from './list-streams.ts';

/** Streams matching what was typed (name or id), newest first, searched by the server. */
export function useStreamSearch(input: string, onFound?: (streams: Stream[]) => void) {
  const search = useDebouncedValue(input.trim(), 300);
  const list = useStreamList({ page: 1, pageSize: 20, search: search || undefined });
  const items = list.data?.items;
  useEffect(() => {
    if (items) onFound?.(items);
  }, [items, onFound]);
  return { search, items: items ?? [], loading: list.isFetching, error: list.error };
}
