import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { tokenListSchema, type TokenListQuery } from '@ptd/contracts';
import { api, ApiError } from '@/lib/api-client.ts';

/** Every token query starts with this key, so one invalidation refreshes lists and records. */
export const tokensQueryKey = ['tokens'] as const;
export const tokenListsQueryKey = [...tokensQueryKey, 'list'] as const;

export function listTokens(filters: TokenListQuery, signal?: AbortSignal) {
  return api('/tokens', { query: { ...filters }, schema: tokenListSchema, signal });
}

/** A cursor from an old link or another order: the overview starts again at the first page. */
export const isBadCursor = (error: unknown) =>
  error instanceof ApiError && (error.issues ?? []).some((issue) => issue.path === 'cursor');

export const tokenListQueryOptions = (filters: TokenListQuery) =>
  queryOptions({
    meta: { showsOwnError: isBadCursor },
    queryKey: [...tokenListsQueryKey, filters] as const,
    queryFn: ({ signal }) => listTokens(filters, signal),
    // Keep the current page on screen while the next one loads.
    placeholderData: keepPreviousData,
  });

/** One page of the token ledger. */
export const useTokenList = (filters: TokenListQuery) => useQuery(tokenListQueryOptions(filters));
