import { queryOptions, useQuery } from '@tanstack/react-query';
import { tokenRecordSchema, type TokenRecord } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { tokensQueryKey } from './list-tokens.ts';

export function getToken(id: string, signal?: AbortSignal) {
  return api(`/tokens/${encodeURIComponent(id)}`, { schema: tokenRecordSchema, signal });
}

export const tokenQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...tokensQueryKey, 'detail', id] as const,
    queryFn: ({ signal }) => getToken(id, signal),
  });

/** One ledger record; `placeholder` (e.g. the list row) shows at once while it loads. */
export const useToken = (id: string | null, placeholder?: TokenRecord) =>
  useQuery({
    ...tokenQueryOptions(id ?? ''),
    enabled: id !== null,
    placeholderData: placeholder,
  });
