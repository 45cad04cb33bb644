import { queryOptions, useQuery } from '@tanstack/react-query';
import { streamSchema } from '@ptd/contracts';
import { api, ApiError } from '@/lib/api-client.ts';
import { streamsQueryKey } from './list-streams.ts';

export function getStream(id: string, signal?: AbortSignal) {
  return api(`/streams/${encodeURIComponent(id)}`, { schema: streamSchema, signal });
}

/** A 400 means the id is not a stream id at all: no such stream either. */
export const isNoSuchStream = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 400);

export const streamQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...streamsQueryKey, 'detail', id] as const,
    queryFn: ({ signal }) => getStream(id, signal),
    // The page says "not found" itself; other failures go to the snackbar.
    meta: { showsOwnError: isNoSuchStream },
  });

/** One stream with its ingest and playout data. */
export const useStream = (id: string | undefined) =>
  useQuery({ ...streamQueryOptions(id ?? ''), enabled: Boolean(id) });
