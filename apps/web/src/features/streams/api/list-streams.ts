import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { streamListSchema, type StreamListQuery } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';

export const streamsQueryKey = ['streams'] as const;
export const streamListsQueryKey = [...streamsQueryKey, 'list'] as const;

export type StreamListFilters = Partial<StreamListQuery>;

export function listStreams(filters: StreamListFilters, signal?: AbortSignal) {
  return api('/streams', { query: { ...filters }, schema: streamListSchema, signal });
}

export const streamListQueryOptions = (filters: StreamListFilters) =>
  queryOptions({
    queryKey: [...streamListsQueryKey, filters] as const,
    queryFn: ({ signal }) => listStreams(filters, signal),
    // Keep the current page on screen while the next one loads.
    placeholderData: keepPreviousData,
  });

/** One page of the organisation's streams, filtered and searched by the server. */
export const useStreamList = (filters: StreamListFilters, options: { enabled?: boolean } = {}) =>
  useQuery({ ...streamListQueryOptions(filters), ...options });
