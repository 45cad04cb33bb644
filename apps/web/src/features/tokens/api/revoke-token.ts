import { useMutation, useQueryClient } from '@tanstack/react-query';
import { tokenRecordSchema } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { tokenQueryOptions } from './get-token.ts';
import { tokensQueryKey } from './list-tokens.ts';

/** The BFF answers 204 or the updated record; either way the ledger is read again afterwards. */
export function revokeToken(id: string) {
  return api(`/tokens/${encodeURIComponent(id)}/revoke`, {
    method: 'POST',
    schema: tokenRecordSchema.optional(),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: (record, id) => {
      if (record) client.setQueryData(tokenQueryOptions(id).queryKey, record);
    },
    // Also after a failure: a revoke whose answer was lost leaves the token "revocation pending".
    onSettled: () => client.invalidateQueries({ queryKey: tokensQueryKey }),
  });
}
