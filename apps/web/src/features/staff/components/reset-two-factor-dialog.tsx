import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import type { Staff } from '@ptd/contracts';
import { useId, useState } from 'react';

interface Props {
  member: Staff | null;
  pending: boolean;
  onConfirm: (member: Staff) => void;
  onCancel: () => void;
}

/** Confirms turning a staff member's two-factor sign-in off (a lost phone). */
export function ResetTwoFactorDialog({ member: requested, pending, onConfirm, onCancel }: Props) {
  // Keeps the member while the dialog fades out.
  const [member, setMember] = useState(requested);
  if (requested && requested !== member) setMember(requested);
  const titleId = useId();
  const textId = useId();
  return (
    <Dialog
      open={requested !== null}
      onClose={() => !pending && onCancel()}
      aria-labelledby={titleId}
      aria-describedby={textId}
      maxWidth="xs"
      fullWidth
    >
      <DialogTitle id={titleId}>Turn off {member?.displayName}’s two-factor sign-in?</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId}>
          For a lost or replaced phone. {member?.displayName} is signed out everywhere, their
          authenticator app and recovery codes stop working, and they sign in with the password
          alone until they set two-factor up again (at once, where it is required).
        </DialogContentText>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onCancel} disabled={pending} autoFocus>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="error"
          loading={pending}
          onClick={() => member && onConfirm(member)}
        >
          Turn off two-factor
        </Button>
      </DialogActions>
    </Dialog>
  );
}
