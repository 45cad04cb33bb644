import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Paper,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { Staff, StaffSession } from '@ptd/contracts';
import { useId, useState } from 'react';
import { LoadingState } from '@/components/loading-state.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { SessionList, sessionName } from '@/components/session-list.tsx';
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
  // Keeps the member while the dialog fades out.
  const [member, setMember] = useState(requested);
  if (requested && requested !== member) setMember(requested);
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
        <Paper variant="outlined" sx={{ overflow: 'hidden' }}>
          {sessions.isPending ? (
            <LoadingState label="Loading sessions…" />
          ) : sessions.isError ? (
            <Box sx={{ p: 2 }}>
              <Alert severity="error">The sessions could not be loaded.</Alert>
            </Box>
          ) : count === 0 ? (
            <Box sx={{ p: 3, textAlign: 'center', color: 'text.secondary' }}>
              {name} is not signed in anywhere.
            </Box>
          ) : (
            <SessionList
              sessions={sessions.data}
              label={`Sessions of ${name}`}
              pendingId={endOne.isPending ? (endOne.variables ?? null) : null}
              onEnd={end}
            />
          )}
        </Paper>
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
