import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useId, type ReactNode } from 'react';
import { useRetained } from '@/lib/use-retained.ts';

export interface ConfirmContent {
  title: ReactNode;
  /** What confirming does; it describes the dialog to assistive technology. */
  text: ReactNode;
  /** Shown below the text, e.g. what exactly is affected. */
  details?: ReactNode;
  confirmLabel: ReactNode;
  /** The safe choice's label where "Cancel" would read as the action itself. */
  cancelLabel?: ReactNode;
  /** Undoing or cutting someone off is red; a harmless confirmation is not. */
  destructive?: boolean;
}

/** What a page hands a confirmation: whether it is being done, and what to do. */
export interface ConfirmHandlers<T> {
  pending: boolean;
  onConfirm: (subject: T) => void;
  onCancel: () => void;
}

interface ConfirmDialogProps<T> extends ConfirmHandlers<T> {
  /** What is to be confirmed; null closes the dialog. */
  subject: T | null;
  content: (subject: T) => ConfirmContent;
  maxWidth?: 'xs' | 'sm';
}

/**
 * The one "are you sure?" dialog: title, what it means, Cancel (focused, the safe choice) and
 * a confirm button that shows the request pending. It cannot be dismissed while pending.
 */
export function ConfirmDialog<T>({
  subject: requested,
  content,
  pending,
  onConfirm,
  onCancel,
  maxWidth = 'xs',
}: ConfirmDialogProps<T>) {
  const subject = useRetained(requested);
  const titleId = useId();
  const textId = useId();
  const shown = subject === null ? null : content(subject);
  return (
    <Dialog
      open={requested !== null}
      onClose={() => !pending && onCancel()}
      aria-labelledby={titleId}
      aria-describedby={textId}
      maxWidth={maxWidth}
      fullWidth
    >
      <DialogTitle id={titleId}>{shown?.title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId} sx={shown?.details ? { mb: 2 } : undefined}>
          {shown?.text}
        </DialogContentText>
        {shown?.details}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onCancel} disabled={pending} autoFocus>
          {shown?.cancelLabel ?? 'Cancel'}
        </Button>
        <Button
          variant="contained"
          color={shown?.destructive === false ? 'primary' : 'error'}
          loading={pending}
          onClick={() => subject !== null && onConfirm(subject)}
        >
          {shown?.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
