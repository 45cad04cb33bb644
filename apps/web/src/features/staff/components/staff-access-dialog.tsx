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

/** Confirms disabling or enabling an account, with what it means for the person. */
export function StaffAccessDialog({ member: requested, pending, onConfirm, onCancel }: Props) {
  const [member, setMember] = useState(requested);
  if (requested && requested !== member) setMember(requested);
  const titleId = useId();
  const textId = useId();
  const disabling = member ? !member.disabled : true;
  return (
    <Dialog
      open={requested !== null}
      onClose={() => !pending && onCancel()}
      aria-labelledby={titleId}
      aria-describedby={textId}
      maxWidth="xs"
      fullWidth
    >
      <DialogTitle id={titleId}>
        {disabling ? 'Disable' : 'Enable'} {member?.displayName}’s account?
      </DialogTitle>
      <DialogContent>
        <DialogContentText id={textId}>
          {disabling
            ? `${member?.displayName} (${member?.email}) is signed out everywhere at once and can no longer sign in. Enabling the account later does not bring those sessions back. Playback tokens they created stay valid until they expire.`
            : `${member?.displayName} (${member?.email}) can sign in again with their password, as ${member?.role}.`}
        </DialogContentText>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onCancel} disabled={pending} autoFocus>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={disabling ? 'error' : 'primary'}
          loading={pending}
          onClick={() => member && onConfirm(member)}
        >
          {disabling ? 'Disable account' : 'Enable account'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
