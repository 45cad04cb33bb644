import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@/lib/api-client.ts';
import { sessionQueryOptions } from '@/features/auth/api/session.ts';

const isUnauthenticated = (error: unknown) => error instanceof ApiError && error.status === 401;

/**
 * When any request answers 401 the session has ended (expired, signed out elsewhere): forget it,
 * so the route guard sends the user to sign in and back afterwards.
 */
export function watchSessionExpiry(client: QueryClient): () => void {
  const expire = () => client.setQueryData(sessionQueryOptions().queryKey, null);
  const unsubscribeQueries = client.getQueryCache().subscribe((event) => {
    if (
      event.type === 'updated' &&
      event.action.type === 'error' &&
      event.query.queryKey[0] !== 'session' &&
      isUnauthenticated(event.action.error)
    ) {
      expire();
    }
  });
  const unsubscribeMutations = client.getMutationCache().subscribe((event) => {
    if (
      event.type === 'updated' &&
      event.action.type === 'error' &&
      isUnauthenticated(event.action.error)
    ) {
      expire();
    }
  });
  return () => {
    unsubscribeQueries();
    unsubscribeMutations();
  };
}
