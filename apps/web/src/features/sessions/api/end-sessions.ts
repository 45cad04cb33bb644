import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endSessionsResponseSchema } from '@ptd/contracts';
import { z } from 'zod';
import { api } from '@/lib/api-client.ts';
import { ownSessionsQueryKey } from './list-sessions.ts';

export function endOwnSession(id: string) {
  return api(`/sessions/${encodeURIComponent(id)}`, { method: 'DELETE', schema: z.unknown() });
}

export function endOtherSessions() {
  return api('/sessions/end-others', { method: 'POST', schema: endSessionsResponseSchema });
}

/** Signs one of your other sessions out. */
export function useEndOwnSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: endOwnSession,
    onSettled: () => client.invalidateQueries({ queryKey: ownSessionsQueryKey }),
  });
}

/** Signs out every session of yours but this one. */
export function useEndOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: endOtherSessions,
    onSettled: () => client.invalidateQueries({ queryKey: ownSessionsQueryKey }),
  });
}
