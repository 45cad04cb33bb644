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
import { foreignLabel, type Staff } from '@ptd/contracts';
import { useId } from 'react';
import { EmailAddress } from '@/components/email-address.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { SessionsPanel } from '@/components/sessions-panel.tsx';
import { describeError } from '@/lib/api-client.ts';
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

  const signOutEverywhere = () =>
    endAll.mutate(undefined, {
      onSuccess: ({ ended }) =>
        notify(
          ended === 0
            ? `${foreignLabel(name)} was not signed in anywhere.`
            : `${foreignLabel(name)} is signed out everywhere (${ended} session${ended === 1 ? '' : 's'}).`,
        ),
    });

  const close = () => {
    endOne.reset();
    endAll.reset();
    onClose();
  };
  // Why the last sign-out tried (of one session or of all) failed.
  const failure = endAll.submittedAt >= endOne.submittedAt ? endAll.error : endOne.error;

  const count = sessions.data?.length ?? 0;
  return (
    <Dialog
      open={requested !== null}
      onClose={close}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
      fullScreen={fullScreen}
    >
      <DialogTitle id={titleId}>
        Sessions of <ForeignText value={name} />
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Where <ForeignText value={name} /> (<EmailAddress value={member?.email ?? ''} />) is
          signed in. A session you sign out is refused at once; they can sign in again with their
          password unless you also disable the account.
        </DialogContentText>
        <SessionsPanel
          query={sessions}
          labels={{
            loading: 'Loading sessions…',
            updating: 'Updating sessions',
            failed: 'The sessions could not be loaded.',
          }}
          empty={
            <Box sx={{ p: 3, textAlign: 'center', color: 'text.secondary' }}>
              {name} is not signed in anywhere.
            </Box>
          }
          label={`Sessions of ${foreignLabel(name)}`}
          endOne={endOne}
          ended={(session) => `${name} is signed out of ${session}.`}
        />
      </DialogContent>
      {/* Next to the buttons, not in the content that scrolls, nor in a snackbar over them. */}
      <FormAlert message={failure ? describeError(failure) : null} sx={{ mx: 3, mt: 1 }} />
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
        <Button variant="contained" onClick={close}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
