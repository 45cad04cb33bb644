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
  /** What is shown once: "token", "link". */
  noun: string;
  text: string;
  onKeep: () => void;
  onDiscard: () => void;
}

/** Asked before a show-once dialog closes without "I have copied the …". */
export function DiscardConfirmDialog({
  open,
  noun,
  text,
  onKeep,
  onDiscard,
}: DiscardConfirmDialogProps) {
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
      <DialogTitle id={titleId}>Close without the {noun}?</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId}>{text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onKeep} ref={keep}>
          Go back to the {noun}
        </Button>
        <Button color="error" onClick={onDiscard}>
          Close and discard
        </Button>
      </DialogActions>
    </Dialog>
  );
}
