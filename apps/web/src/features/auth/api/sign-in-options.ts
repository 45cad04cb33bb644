import { signInOptionsSchema, type SignInOptions } from '@ptd/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client.ts';

/** Without an answer the page offers what every install has: email and password. */
const PASSWORD_ONLY: SignInOptions = { password: true, sso: null };

async function getSignInOptions() {
  try {
    return await api('/session/options', { schema: signInOptionsSchema });
  } catch {
    return PASSWORD_ONLY;
  }
}

/** How this dashboard signs people in: password, single sign-on, or both. */
export const useSignInOptions = () =>
  useQuery(
    queryOptions({
      queryKey: ['sign-in', 'options'],
      queryFn: getSignInOptions,
      staleTime: Infinity,
      retry: false,
    }),
  );
