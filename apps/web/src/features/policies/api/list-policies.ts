import { queryOptions, useQuery } from '@tanstack/react-query';
import { policyListSchema } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';

/** Every policy query starts with this key. */
export const policiesQueryKey = ['policies'] as const;

export function listPolicies(signal?: AbortSignal) {
  return api('/policies', { schema: policyListSchema, signal });
}

export const policyListQueryOptions = () =>
  queryOptions({
    queryKey: [...policiesQueryKey, 'list'] as const,
    queryFn: ({ signal }) => listPolicies(signal),
  });

/** Every playback policy (a short list without paging). */
export const usePolicies = ({ enabled = true } = {}) =>
  useQuery({ ...policyListQueryOptions(), enabled });
