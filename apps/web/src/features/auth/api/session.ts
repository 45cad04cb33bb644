import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sessionSchema, type SignInRequest } from '@ptd/contracts';
import { z } from 'zod';
import { api, ApiError, setCsrfToken, type ApiRequest } from '../../../lib/api-client.ts';
import { noteServerTime } from '../../../lib/server-clock.ts';

/** The session answer, with the server's clock noted on the way. */
async function fetchSession(request: Omit<ApiRequest<typeof sessionSchema>, 'schema'> = {}) {
  const sentAt = Date.now();
  const session = await api('/session', { ...request, schema: sessionSchema });
  noteServerTime(session.serverTime, sentAt, Date.now());
  return session;
}

async function getSession() {
  try {
    const session = await fetchSession();
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
    mutationFn: (body: SignInRequest) => fetchSession({ method: 'POST', body }),
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
