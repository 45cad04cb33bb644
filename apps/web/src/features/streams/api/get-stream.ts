import { queryOptions, useQuery } from '@tanstack/react-query';
import { streamSchema } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { streamsQueryKey } from './list-streams.ts';

export function getStream(id: string, signal?: AbortSignal) {
  return api(`/streams/${encodeURIComponent(id)}`, { schema: streamSchema, signal });
}

export const streamQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...streamsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }) => getStream(id, signal),
  });

/** One stream with its ingest and playout data. */
export const useStream = (id: string | undefined) =>
  useQuery({ ...streamQueryOptions(id ?? ''), enabled: Boolean(id) });
