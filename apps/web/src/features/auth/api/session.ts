import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sessionSchema, type SignInRequest } from '@ptd/contracts';
import { z } from 'zod';
import { api, ApiError, setCsrfToken } from '../../../lib/api-client.ts';

async function getSession() {
  try {
    const session = await api('/session', { schema: sessionSchema });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQueryOptions = () =>
  queryOptions({ queryKey: ['session'], queryFn: getSession, staleTime: 60_000 });

/** The signed-in staff member, or null. */
export const useSession = () => useQuery(sessionQueryOptions());

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInRequest) =>
      api('/session', { method: 'POST', body, schema: sessionSchema }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      client.clear();
      client.setQueryData(sessionQueryOptions().queryKey, session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api('/session', { method: 'DELETE', schema: z.unknown() }),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(sessionQueryOptions().queryKey, null);
    },
  });
}
