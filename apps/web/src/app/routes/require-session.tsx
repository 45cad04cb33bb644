import type { ReactNode } from 'react';
import { LoadingState } from '@/components/loading-state.tsx';
import { useSession } from '@/lib/auth/session.ts';
import type { SignInLocationState } from '@/features/auth/return-to.ts';
import { Redirect, useLocation } from '@/lib/navigation.tsx';

/** Everything but sign-in needs a session; without one, sign in and come back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <LoadingState label="Loading the dashboard…" fullPage />;
  if (session.isError) throw session.error;
  if (!session.data) {
    const state: SignInLocationState = { from: location.pathname + location.search };
    return <Redirect to="/sign-in" replace state={state} />;
  }
  return children;
}
