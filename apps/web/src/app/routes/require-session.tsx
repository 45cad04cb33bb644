import CloudOffIcon from '@mui/icons-material/CloudOff';
import { Box, Button, Paper } from '@mui/material';
import { useEffect, useRef, type ReactNode } from 'react';
import { EmptyState } from '@/components/empty-state.tsx';
import { LoadingState } from '@/components/loading-state.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { answersAgain, outageOf, worseOutage, type Outage } from '@/lib/api-client.ts';
import { sessionEndedNotice, useSession } from '@/lib/auth/session.ts';
import type { SignInLocationState } from '@/features/auth/return-to.ts';
import { Redirect, useLocation } from '@/lib/navigation.tsx';
import { PROBE_MS } from '@/lib/why-not-loaded.ts';

/**
 * The first session check got no answer, or the server's database is restarting (a tab opened
 * or reloaded during a PostgreSQL restart) or busy: said on the whole screen, and asked again every few
 * seconds, so that the dashboard opens by itself once the server answers.
 */
function WaitingForServer({
  error,
  refetch,
}: {
  error: unknown;
  refetch: (options: { cancelRefetch: boolean }) => Promise<unknown>;
}) {
  // A check still under way (with its retries) is waited for, not started over.
  const retry = () => void refetch({ cancelRefetch: false });
  useEffect(() => {
    const probing = setInterval(() => void refetch({ cancelRefetch: false }), PROBE_MS);
    return () => clearInterval(probing);
  }, [refetch]);
  const outage = outageOf(error);
  const [title, description] =
    outage === 'database'
      ? [
          "The dashboard's database is not answering",
          'It may be restarting. The dashboard opens by itself once it answers.',
        ]
      : outage === 'busy'
        ? [
            'The dashboard is busy',
            'It has many requests at once. The dashboard opens by itself in a moment.',
          ]
        : [
            'The dashboard server cannot be reached',
            'Check your connection. The dashboard opens by itself once the server answers.',
          ];
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: { xs: 2, sm: 3 } }}>
      <Paper variant="outlined" sx={{ maxWidth: 560 }}>
        <EmptyState
          icon={<CloudOffIcon />}
          title={title}
          titleComponent="h1"
          description={description}
          action={
            <Button variant="contained" onClick={retry}>
              Try again
            </Button>
          }
        />
      </Paper>
    </Box>
  );
}

/** Everything but sign-in needs a session; without one, sign in and come back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { notify } = useNotifier();
  /** The first check failed: the server could not be reached, only its database, or it was busy. */
  const waited = useRef<{ outage: Outage } | null>(null);
  const signedIn = Boolean(session.data);
  // The snackbar said what failed: it says too that this is over, as lib/reconnect.ts does.
  useEffect(() => {
    if (!signedIn || !waited.current) return;
    const { outage } = waited.current;
    waited.current = null;
    notify(answersAgain(outage), 'success');
  }, [signedIn, notify]);
  if (session.isPending) return <LoadingState label="Loading the dashboard…" fullPage />;
  // Only a first check that fails is the page's error. A later one that fails (the server
  // restarting, a lost connection) leaves the signed-in page as it is: a form being filled in or
  // a token shown once is not thrown away, and the snackbar says what failed. A 401 clears the
  // session instead (see query-client.ts).
  if (session.isError && session.data === undefined) {
    const outage = outageOf(session.error);
    if (outage) {
      waited.current = { outage: worseOutage(waited.current?.outage, outage) ?? outage };
      return <WaitingForServer error={session.error} refetch={session.refetch} />;
    }
    throw session.error;
  }
  if (!session.data) {
    const state: SignInLocationState = {
      from: location.pathname + location.search,
      notice: sessionEndedNotice(),
    };
    return <Redirect to="/sign-in" replace state={state} />;
  }
  return children;
}
