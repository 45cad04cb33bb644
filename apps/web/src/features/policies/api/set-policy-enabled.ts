import { useMutation, useQueryClient } from '@tanstack/react-query';
import { playbackPolicySchema, type PlaybackPolicy } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';
import { policiesQueryKey, policyListQueryOptions } from './list-policies.ts';

export function setPolicyEnabled({ id, enabled }: { id: string; enabled: boolean }) {
  return api(`/policies/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`, {
    method: 'POST',
    schema: playbackPolicySchema,
  });
}

/** Disables (or enables) a policy: the public endpoint follows with the next request. */
export function useSetPolicyEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: setPolicyEnabled,
    onSuccess: async (updated) => {
      client.setQueryData(policyListQueryOptions().queryKey, (list: PlaybackPolicy[] | undefined) =>
        list?.map((policy) => (policy.id === updated.id ? updated : policy)),
      );
      await client.invalidateQueries({ queryKey: policiesQueryKey });
    },
  });
}
