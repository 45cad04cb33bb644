import DevicesIcon from '@mui/icons-material/Devices';
import { Button, Stack, Typography } from '@mui/material';
import { EmptyState } from '@/components/empty-state.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useSession } from '@/lib/auth/session.ts';
import { formatMinutes } from '@/lib/format.ts';
import { SessionsPanel } from '@/components/sessions-panel.tsx';
import { useEndOtherSessions, useEndOwnSession } from '../api/end-sessions.ts';
import { useOwnSessions } from '../api/list-sessions.ts';

const plural = (n: number) => `${n} other session${n === 1 ? '' : 's'}`;

/** "Your sessions": where you are signed in, and a way to sign any of it out. */
export function SessionsPage() {
  const sessions = useOwnSessions();
  const endOne = useEndOwnSession();
  const endOthers = useEndOtherSessions();
  const { notify } = useNotifier();
  // The BFF's limits (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS), as the session states them.
  const limits = useSession().data?.sessionLimits;
  const ending = limits
    ? ` A session ends after ${formatMinutes(limits.idleMinutes)} without use, and ${formatMinutes(limits.absoluteHours * 60)} after signing in at the latest.`
    : '';

  const others = sessions.data?.filter((s) => !s.current).length ?? 0;

  const signOutOthers = () =>
    endOthers.mutate(undefined, {
      onSuccess: ({ ended }) =>
        notify(ended === 0 ? 'No other session was signed in.' : `${plural(ended)} signed out.`),
    });

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Your sessions"
        description={`Where your account is signed in. Sign out any session you do not recognise; it is refused at once, whoever holds it. A browser holds one session: signing in again there replaces it.${ending}`}
        actions={
          <Button
            variant="outlined"
            color="error"
            disabled={others === 0 || endOne.isPending}
            loading={endOthers.isPending}
            onClick={signOutOthers}
          >
            Sign out all other sessions
          </Button>
        }
      />
      <SessionsPanel
        query={sessions}
        labels={{
          loading: 'Loading your sessions…',
          updating: 'Refreshing',
          failed: 'Your sessions could not be loaded.',
        }}
        empty={<EmptyState icon={<DevicesIcon />} title="No sessions" />}
        label="Your sessions"
        endOne={endOne}
        ended={(name) => `${name} is signed out.`}
      />
      {others === 0 && sessions.data && (
        <Typography variant="body2" color="text.secondary">
          You are signed in here only.
        </Typography>
      )}
    </Stack>
  );
}
