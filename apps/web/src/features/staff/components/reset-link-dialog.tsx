import {
  Alert,
  AlertTitle,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Stack,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { PasswordResetLink, Staff } from '@ptd/contracts';
import { useId, useState } from 'react';
import { CodeBlock } from '@/components/code-block.tsx';
import { formatShort } from '@/lib/format.ts';

interface Props {
  member: Staff;
  issued: PasswordResetLink;
  /** The admin is done: the caller drops the link now. */
  onClose: () => void;
}

/**
 * A set-password link, shown once like a new token: copy it and hand it to the staff member
 * over a channel you trust. Closing without "I have copied the link" asks first.
 */
export function ResetLinkDialog({ member, issued, onClose }: Props) {
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const titleId = useId();
  const noteId = useId();
  const requestClose = () => (copied ? onClose() : setConfirming(true));
  return (
    <Dialog
      open
      onClose={requestClose}
      aria-labelledby={titleId}
      aria-describedby={noteId}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>Set-password link for {member.displayName}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2.5}>
          <Alert severity="warning" role="note" id={noteId}>
            <AlertTitle>Copy the link now: it is shown only once</AlertTitle>
            It works once, until {formatShort(issued.expiresAt)}. Whoever opens it can set{' '}
            {member.displayName}’s password, so send it only to them, over a channel you trust.
          </Alert>
          <CodeBlock label="Set-password link" code={issued.link} copyLabel="Copy link" wrap />
          <Typography variant="body2" color="text.secondary">
            Their current password keeps working until they use the link; then every session of
            theirs ends. An earlier link for them no longer works.
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions
        sx={{ px: 3, py: 1.5, gap: 1, flexWrap: 'wrap', justifyContent: 'space-between' }}
      >
        <FormControlLabel
          control={
            <Checkbox checked={copied} onChange={(event) => setCopied(event.target.checked)} />
          }
          label="I have copied the link"
        />
        <Button variant="contained" onClick={requestClose}>
          Close
        </Button>
      </DialogActions>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        role="alertdialog"
        aria-labelledby={`${titleId}-confirm`}
        maxWidth="xs"
      >
        <DialogTitle id={`${titleId}-confirm`}>Close without the link?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The link cannot be shown again. You would have to make a new one.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} autoFocus>
            Go back to the link
          </Button>
          <Button color="error" onClick={onClose}>
            Close and discard
          </Button>
        </DialogActions>
      </Dialog>
    </Dialog>
  );
}
