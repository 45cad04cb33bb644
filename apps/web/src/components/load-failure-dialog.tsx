import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useId } from 'react';
import { describeLoadFailure, type LoadFailure } from './load-failure-boundary.tsx';

interface Props {
  /** The dialog's title, as it would have had it. */
  title: string;
  /** What could not be loaded, as the start of a sentence. */
  what: string;
  failure: LoadFailure;
  /** The way out without it: the action is not done. */
  onCancel: () => void;
}

/**
 * A dialog whose code could not be fetched opens in its place as this one, over the form it
 * came from (which stays as it was), with Try again (or Reload after an update) and Cancel.
 */
export function LoadFailureDialog({ title, what, failure, onCancel }: Props) {
  const titleId = useId();
  const { message, reload } = describeLoadFailure(what, failure.cause);
  return (
    <Dialog open onClose={onCancel} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText role="alert">{message}</DialogContentText>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onCancel}>Cancel</Button>
        {reload ? (
          <Button variant="contained" autoFocus onClick={() => window.location.reload()}>
            Reload
          </Button>
        ) : (
          <Button variant="contained" autoFocus onClick={failure.retry}>
            Try again
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
