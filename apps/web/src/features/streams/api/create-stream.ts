import { useMutation, useQueryClient } from '@tanstack/react-query';
import { streamSchema, type CreateStreamRequest } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { streamQueryOptions } from './get-stream.ts';
import { streamListsQueryKey } from './list-streams.ts';

export interface CreateStreamVariables {
  body: CreateStreamRequest;
  /** The same key for a retry of the same submission, so a lost answer creates no second stream. */
  idempotencyKey: string;
}

export function createStream({ body, idempotencyKey }: CreateStreamVariables) {
  return api('/streams', {
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
    schema: streamSchema,
  });
}

export function useCreateStream() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createStream,
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    onSuccess: async (stream) => {
      client.setQueryData(streamQueryOptions(stream.id).queryKey, stream);
      await client.invalidateQueries({ queryKey: streamListsQueryKey });
    },
  });
}
