import { Navigate, Outlet, useLocation } from 'react-router';
import { LoadingState } from '../../components/loading-state.tsx';
import { useSession } from '../../features/auth/api/session.ts';
import type { SignInLocationState } from '../../features/auth/return-to.ts';

/** Everything but sign-in needs a session; without one, sign in and come back here. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <LoadingState label="Loading the dashboard…" fullPage />;
  if (session.isError) throw session.error;
  if (!session.data) {
    const state: SignInLocationState = { from: location.pathname + location.search };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return <Outlet />;
}
