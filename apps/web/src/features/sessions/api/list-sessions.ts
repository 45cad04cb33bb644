import { queryOptions, useQuery } from '@tanstack/react-query';
import { staffSessionListSchema } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';

/** Every query about your own sessions starts with this key. */
export const ownSessionsQueryKey = ['sessions', 'own'] as const;

export function listOwnSessions(signal?: AbortSignal) {
  return api('/sessions', { schema: staffSessionListSchema, signal });
}

export const ownSessionsQueryOptions = () =>
  queryOptions({ queryKey: ownSessionsQueryKey, queryFn: ({ signal }) => listOwnSessions(signal) });

/** Your signed-in sessions, most recently used first. */
export const useOwnSessions = () => useQuery(ownSessionsQueryOptions());
