import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createTokenResponseSchema, type TokenRequest } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { tokensQueryKey } from './list-tokens.ts';

export interface CreateTokenVariables {
  body: TokenRequest;
  /** One per submission; the same for a retry of it, so a lost answer mints no second token. */
  idempotencyKey: string;
}

/** The only answer that ever carries a playback token. */
export function createToken({ body, idempotencyKey }: CreateTokenVariables) {
  return api('/tokens', {
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
    schema: createTokenResponseSchema,
  });
}

export const createTokenMutationKey = ['tokens', 'create'] as const;

/**
 * Creates a token. The response holds the token, so the mutation is collected as soon as no
 * component watches it (`gcTime: 0`) and callers `reset()` it once they have handed it on.
 */
export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationKey: createTokenMutationKey,
    // The form shows the failure: its fields, its alert, or why nothing can be created.
    meta: { showsOwnError: true },
    mutationFn: createToken,
    gcTime: 0,
    // Also after a failure: the ledger may list a token that was never delivered.
    onSettled: () => client.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}
