import { queryOptions, useQuery } from '@tanstack/react-query';
import { insightsSchema } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';

/** Often enough to watch an audience arrive; paused while the tab is hidden (react-query). */
export const INSIGHTS_REFRESH_MS = 10_000;

export const insightsQueryKey = ['insights'] as const;

export function getInsights(signal?: AbortSignal) {
  return api('/insights', { schema: insightsSchema, signal });
}

export const insightsQueryOptions = () =>
  queryOptions({
    queryKey: [...insightsQueryKey, 'overview'] as const,
    queryFn: ({ signal }) => getInsights(signal),
    refetchInterval: INSIGHTS_REFRESH_MS,
    refetchIntervalInBackground: false,
  });

/** The event overview, refreshed every ten seconds while the page is visible. */
export const useInsights = () => useQuery(insightsQueryOptions());
