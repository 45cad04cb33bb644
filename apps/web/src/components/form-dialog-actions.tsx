import { Button, DialogActions } from '@mui/material';
import type { ReactNode } from 'react';

interface FormDialogActionsProps {
  /** What the form does: "Create stream", "Save changes". */
  submitLabel: ReactNode;
  /** While the form's request runs: the submit button spins and Cancel waits for it. */
  pending: boolean;
  onCancel: () => void;
  /** Under a content area with dividers: as much room above the buttons as below. */
  dividers?: boolean;
}

/** The foot of every form in a dialog: Cancel, then the form's submit button. */
export function FormDialogActions({
  submitLabel,
  pending,
  onCancel,
  dividers = false,
}: FormDialogActionsProps) {
  return (
    <DialogActions sx={{ px: 3, pb: 2, pt: dividers ? 2 : undefined }}>
      <Button onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" variant="contained" loading={pending}>
        {submitLabel}
      </Button>
    </DialogActions>
  );
}
