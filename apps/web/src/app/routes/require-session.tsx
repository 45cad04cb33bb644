import type { ReactNode } from 'react';
import { LoadingState } from '@/components/loading-state.tsx';
import { sessionEndedNotice, useSession } from '@/lib/auth/session.ts';
import type { SignInLocationState } from '@/features/auth/return-to.ts';
import { Redirect, useLocation } from '@/lib/navigation.tsx';

/** Everything but sign-in needs a session; without one, sign in and come back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <LoadingState label="Loading the dashboard…" fullPage />;
  // Only a first check that fails is the page's error. A later one that fails (the server
  // restarting, a lost connection) leaves the signed-in page as it is: a form being filled in or
  // a token shown once is not thrown away, and the snackbar says what failed. A 401 clears the
  // session instead (see query-client.ts).
  if (session.isError && session.data === undefined) throw session.error;
  if (!session.data) {
    const state: SignInLocationState = {
      from: location.pathname + location.search,
      notice: sessionEndedNotice(),
    };
    return <Redirect to="/sign-in" replace state={state} />;
  }
  return children;
}
