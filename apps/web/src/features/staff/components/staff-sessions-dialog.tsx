import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { Staff, StaffSession } from '@ptd/contracts';
import { useId } from 'react';
import { ListPanel } from '@/components/list-page/list-panel.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { SessionList, sessionName } from '@/components/session-list.tsx';
import { useRetained } from '@/lib/use-retained.ts';
import {
  useEndAllStaffSessions,
  useEndStaffSession,
  useStaffSessions,
} from '../api/staff-sessions.ts';

interface Props {
  member: Staff | null;
  onClose: () => void;
}

/** An admin's view of where a staff member is signed in, with the ways to sign them out. */
export function StaffSessionsDialog({ member: requested, onClose }: Props) {
  const member = useRetained(requested);
  const titleId = useId();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const id = member?.id ?? '';
  const sessions = useStaffSessions(member ? member.id : null);
  const endOne = useEndStaffSession(id);
  const endAll = useEndAllStaffSessions(id);
  const { notify } = useNotifier();
  const name = member?.displayName ?? '';

  const end = (session: StaffSession) =>
    endOne.mutate(session.id, {
      onSuccess: () => notify(`${name} is signed out of ${sessionName(session)}.`),
    });
  const signOutEverywhere = () =>
    endAll.mutate(undefined, {
      onSuccess: ({ ended }) =>
        notify(
          ended === 0
            ? `${name} was not signed in anywhere.`
            : `${name} is signed out everywhere (${ended} session${ended === 1 ? '' : 's'}).`,
        ),
    });

  const count = sessions.data?.length ?? 0;
  return (
    <Dialog
      open={requested !== null}
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
      fullScreen={fullScreen}
    >
      <DialogTitle id={titleId}>Sessions of {name}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Where {name} ({member?.email}) is signed in. A session you sign out is refused at once;
          they can sign in again with their password unless you also disable the account.
        </DialogContentText>
        <ListPanel
          query={sessions}
          labels={{
            loading: 'Loading sessions…',
            updating: 'Updating sessions',
            failed: 'The sessions could not be loaded.',
          }}
          isEmpty={(data) => data.length === 0}
          empty={
            <Box sx={{ p: 3, textAlign: 'center', color: 'text.secondary' }}>
              {name} is not signed in anywhere.
            </Box>
          }
        >
          {(data) => (
            <SessionList
              sessions={data}
              label={`Sessions of ${name}`}
              pendingId={endOne.isPending ? (endOne.variables ?? null) : null}
              onEnd={end}
            />
          )}
        </ListPanel>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2, flexWrap: 'wrap', gap: 1 }}>
        <Button
          color="error"
          variant="outlined"
          disabled={count === 0 || endOne.isPending}
          loading={endAll.isPending}
          onClick={signOutEverywhere}
        >
          Sign out everywhere
        </Button>
        <Button variant="contained" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
