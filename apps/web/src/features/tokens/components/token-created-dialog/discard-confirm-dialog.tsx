import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useId, useRef } from 'react';

interface DiscardConfirmDialogProps {
  open: boolean;
  onKeep: () => void;
  onDiscard: () => void;
}

/** Asked before the token dialog closes without "I have copied the token". */
export function DiscardConfirmDialog({ open, onKeep, onDiscard }: DiscardConfirmDialogProps) {
  const titleId = useId();
  const textId = useId();
  const keep = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      onClose={onKeep}
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      maxWidth="xs"
      // Focus the safe choice once the dialog is in, rather than the dialog itself.
      slotProps={{ transition: { onEntered: () => keep.current?.focus() } }}
    >
      <DialogTitle id={titleId}>Close without the token?</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId}>
          You have not confirmed that you copied the token. Once this dialog is closed, the token
          cannot be shown again; you would have to create a new one.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onKeep} ref={keep}>
          Go back to the token
        </Button>
        <Button color="error" onClick={onDiscard}>
          Close and discard
        </Button>
      </DialogActions>
    </Dialog>
  );
}
