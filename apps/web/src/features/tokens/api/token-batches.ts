import {
  bulkBatchListSchema,
  bulkBatchSchema,
  type BulkBatch,
  type BulkBatchRequest,
  type BulkBatchSummary,
} from '@ptd/contracts';
import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { z } from 'zod';
import { api } from '@/lib/api-client.ts';
import { useIdempotencyKey } from '@/lib/idempotency.ts';
import { tokensQueryKey } from './list-tokens.ts';

export const batchQueryKey = (id: string) => ['token-batches', id] as const;

/** Minting, or cancelled with rows still at the token service (their tokens join the file). */
/** Minting, or cancelled with rows still at the token service (or told by it to wait). */
const inProgress = (batch: BulkBatchSummary | undefined) =>
  batch !== undefined &&
  (batch.state === 'minting' || batch.counts.minting + batch.counts.pending > 0);

/** Polled every second while the batch is being minted; a reload finds it on the server. */
export const batchQueryOptions = (id: string) =>
  queryOptions({
    queryKey: batchQueryKey(id),
    queryFn: ({ signal }) => api(`/token-batches/${id}`, { schema: bulkBatchSchema, signal }),
    refetchInterval: (query) => (inProgress(query.state.data) ? 1000 : false),
    // The batch page shows the failure in place of the batch, with Try again.
    meta: { showsOwnError: true },
  });

export const useBatch = (id: string) => useQuery(batchQueryOptions(id));

export const recentBatchesQueryKey = ['token-batches', 'recent'] as const;

/**
 * Recent batches, newest first (an editor's own, an admin's everyone's), a page from `cursor`;
 * polled every 5 seconds while one of them is being minted.
 */
export const useRecentBatches = (cursor: string | undefined, pageSize: number) =>
  useQuery({
    queryKey: [...recentBatchesQueryKey, { cursor, pageSize }],
    queryFn: ({ signal }) =>
      api('/token-batches', {
        query: { pageSize, cursor },
        schema: bulkBatchListSchema,
        signal,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some(inProgress) ? 5000 : false),
    // The list shows the failure in place, with Try again.
    meta: { showsOwnError: true },
  });

export function useCreateBatch() {
  return useMutation({
    // The page shows the failure: under the options' fields, the rest above the Mint button.
    meta: { showsOwnError: true },
    mutationFn: ({ body, idempotencyKey }: { body: BulkBatchRequest; idempotencyKey: string }) =>
      api('/token-batches', {
        method: 'POST',
        body,
        headers: { 'idempotency-key': idempotencyKey },
        schema: bulkBatchSchema,
      }),
  });
}

/**
 * Cancel, retry and minting the cancelled rows answer the batch as it is now. A retry (or a
 * resume) sent again after a failure reuses its Idempotency-Key, so a lost answer puts the rows
 * back once; the next one gets a new key.
 */
export function useBatchAction(id: string, action: 'cancel' | 'retry' | 'resume') {
  const client = useQueryClient();
  const idempotency = useIdempotencyKey();
  return useMutation({
    mutationFn: () =>
      api(`/token-batches/${id}/${action}`, {
        method: 'POST',
        headers:
          action === 'cancel' ? {} : { 'idempotency-key': idempotency.keyFor({ [action]: id }) },
        schema: bulkBatchSchema,
      }),
    onSuccess: (batch: BulkBatch) => {
      idempotency.done();
      client.setQueryData(batchQueryKey(id), batch);
      void client.invalidateQueries({ queryKey: tokensQueryKey });
    },
  });
}

/** The tokens as CSV, once: the server erases them as it answers. */
export function useDownloadResults(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api(`/token-batches/${id}/results`, { method: 'POST', schema: z.string(), as: 'text' }),
    gcTime: 0,
    onSettled: () => client.invalidateQueries({ queryKey: batchQueryKey(id) }),
  });
}
