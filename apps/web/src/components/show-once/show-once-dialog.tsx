import {
  Alert,
  AlertTitle,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Stack,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { useId, useState, type ReactNode } from 'react';
import { DiscardConfirmDialog } from './discard-confirm-dialog.tsx';

interface ShowOnceDialogProps {
  title: ReactNode;
  /** What is shown once: "token", "link". */
  noun: string;
  /** Under "Copy the … now: it is shown only once": how long it works, whom it is for. */
  warning: ReactNode;
  /** Asked when closing without "I have copied the …". */
  discardText: string;
  /** The secret and what goes with it; `markCopied` ticks "I have copied the …". */
  children: (markCopied: () => void) => ReactNode;
  /** The user is done; `discarded` when they said they do not have it. */
  onClose: (discarded: boolean) => void;
  maxWidth?: 'sm' | 'md';
  /** The caller moves focus itself after closing (the opener may be gone). */
  disableRestoreFocus?: boolean;
}

/**
 * A secret shown exactly once. Closing needs "I have copied the …" or a confirmation: Escape
 * and clicks outside never drop it silently.
 */
export function ShowOnceDialog({
  title,
  noun,
  warning,
  discardText,
  children,
  onClose,
  maxWidth = 'sm',
  disableRestoreFocus = false,
}: ShowOnceDialogProps) {
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const titleId = useId();
  const warningId = useId();
  const requestClose = () => (copied ? onClose(false) : setConfirming(true));
  return (
    <Dialog
      open
      onClose={requestClose}
      aria-labelledby={titleId}
      aria-describedby={warningId}
      fullScreen={fullScreen}
      fullWidth
      maxWidth={maxWidth}
      scroll="paper"
      disableRestoreFocus={disableRestoreFocus}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={3}>
          <Alert severity="warning" role="note" id={warningId}>
            <AlertTitle>Copy the {noun} now: it is shown only once</AlertTitle>
            {warning}
          </Alert>
          {children(() => setCopied(true))}
        </Stack>
      </DialogContent>
      <DialogActions
        sx={{ px: 3, py: 1.5, gap: 1, flexWrap: 'wrap', justifyContent: 'space-between' }}
      >
        <FormControlLabel
          control={
            <Checkbox checked={copied} onChange={(event) => setCopied(event.target.checked)} />
          }
          label={`I have copied the ${noun}`}
        />
        <Button variant="contained" onClick={requestClose}>
          Close
        </Button>
      </DialogActions>
      <DiscardConfirmDialog
        open={confirming}
        noun={noun}
        text={discardText}
        onKeep={() => setConfirming(false)}
        onDiscard={() => onClose(true)}
      />
    </Dialog>
  );
}
