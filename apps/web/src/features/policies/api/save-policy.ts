import { useMutation, useQueryClient } from '@tanstack/react-query';
import { playbackPolicySchema, type PolicyRequest } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { policiesQueryKey } from './list-policies.ts';

export interface SavePolicyVariables {
  /** Absent: create a policy. */
  id?: string;
  body: PolicyRequest;
  /** A creation's, one per submission; the same for a retry of it, so a lost answer makes no second policy. */
  idempotencyKey?: string;
}

/** Creates a policy, or replaces one (an absent secret keeps the stored one). */
export function savePolicy({ id, body, idempotencyKey }: SavePolicyVariables) {
  return id
    ? api(`/policies/${encodeURIComponent(id)}`, {
        method: 'PUT',
        body,
        schema: playbackPolicySchema,
      })
    : api('/policies', {
        method: 'POST',
        body,
        headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : undefined,
        schema: playbackPolicySchema,
      });
}

export function useSavePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: savePolicy,
    // Its form shows the failure: under the fields, the rest in its alert.
    meta: { showsOwnError: true },
    onSuccess: () => client.invalidateQueries({ queryKey: policiesQueryKey }),
  });
}
