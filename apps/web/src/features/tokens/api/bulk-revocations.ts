import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  bulkRevocationPreviewSchema,
  bulkRevocationSchema,
  type BulkRevocation,
  type TokenFilter,
} from '@ptd/contracts';
import { api, ApiError } from '@/lib/api-client.ts';
import { useIdempotencyKey } from '@/lib/idempotency.ts';
import type { RequestMeta } from '@/lib/query-client.ts';
import { tokensQueryKey } from './list-tokens.ts';

const revocationsKey = [...tokensQueryKey, 'revocations'] as const;

export const bulkPreviewQueryOptions = (filter: TokenFilter) =>
  queryOptions({
    queryKey: [...revocationsKey, 'preview', filter] as const,
    queryFn: ({ signal }) =>
      api('/tokens/revocations/preview', {
        query: { ...filter },
        schema: bulkRevocationPreviewSchema,
        signal,
      }),
    // What a confirmation shows is read when it opens, never from an older look.
    staleTime: 0,
    gcTime: 0,
  });

/** What "Revoke matching…" would revoke: the count and a few of the tokens. */
export const useBulkRevocationPreview = (filter: TokenFilter, enabled: boolean) =>
  useQuery({ ...bulkPreviewQueryOptions(filter), enabled });

const POLL_MS = 1_000;

/**
 * A revoke by filter, read again every second while it runs, and while it is interrupted: the
 * dashboard takes a stopped one up again by itself.
 */
export const useBulkRevocation = (id: string | null) =>
  useQuery({
    queryKey: [...revocationsKey, 'job', id] as const,
    queryFn: ({ signal }) =>
      api(`/tokens/revocations/${encodeURIComponent(id ?? '')}`, {
        schema: bulkRevocationSchema,
        signal,
      }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.state === 'done' ? false : POLL_MS),
  });

function useJobMutation<V>(request: (variables: V) => Promise<BulkRevocation>, meta?: RequestMeta) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    meta,
    onSuccess: (job) => client.setQueryData([...revocationsKey, 'job', job.id], job),
    onSettled: () => client.invalidateQueries({ queryKey: [...tokensQueryKey, 'list'] }),
  });
}

/** The number to confirm changed meanwhile: the dialog says so and asks again. */
export const isCountChanged = (error: unknown) =>
  error instanceof ApiError && error.code === 'count-changed';

export interface StartBulkRevocationVariables {
  body: { filter: TokenFilter; expectedCount: number; asOf: string };
  /** One per confirmation; the same for a retry of it, so a lost answer starts no second job. */
  idempotencyKey: string;
}

export const useStartBulkRevocation = () =>
  useJobMutation(
    ({ body, idempotencyKey }: StartBulkRevocationVariables) =>
      api('/tokens/revocations', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': idempotencyKey },
        schema: bulkRevocationSchema,
      }),
    // The dialog shows why it did not start, next to its buttons.
    { showsOwnError: true },
  );

/** A retry sent again after a failure reuses its Idempotency-Key: a lost answer retries once. */
export function useRetryBulkRevocation() {
  const idempotency = useIdempotencyKey();
  return useJobMutation(
    async (id: string) => {
      const job = await api(`/tokens/revocations/${encodeURIComponent(id)}/retry`, {
        method: 'POST',
        headers: { 'idempotency-key': idempotency.keyFor({ retry: id }) },
        schema: bulkRevocationSchema,
      });
      idempotency.done();
      return job;
    },
    { showsOwnError: true },
  );
}

/** Stop revoking: the tokens not sent yet stay as they are; sent again, it answers the same. */
export const useStopBulkRevocation = () =>
  useJobMutation(
    (id: string) =>
      api(`/tokens/revocations/${encodeURIComponent(id)}/cancel`, {
        method: 'POST',
        schema: bulkRevocationSchema,
      }),
    { showsOwnError: true },
  );
