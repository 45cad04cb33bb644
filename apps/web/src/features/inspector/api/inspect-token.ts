import { useMutation } from '@tanstack/react-query';
import { inspectResponseSchema } from '@ptd/contracts';
import { api } from '@/lib/api-client.ts';

export function inspectToken(token: string) {
  return api('/tokens/inspect', { method: 'POST', body: { token }, schema: inspectResponseSchema });
}

/**
 * A mutation, not a query: the pasted token must not become a cache key. `gcTime: 0` drops the
 * mutation (and the token in its variables) as soon as it is reset or the page is left.
 */
export const useInspectToken = () => useMutation({ mutationFn: inspectToken, gcTime: 0 });
