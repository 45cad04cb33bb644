import CloseIcon from '@mui/icons-material/Close';
import {
  Dialog,
  DialogContent,
  DialogTitle,
  IconButton,
  Tooltip,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { Stream } from '@ptd/contracts';
import { useId, useState } from 'react';
import { AfterFirstPaint } from '@/components/after-first-paint.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { useIdleWarmUp } from '@/components/idle-warm-up.ts';
import { LoadingState } from '@/components/loading-state.tsx';
import { TokenCreatedDialog } from './token-created-dialog/token-created-dialog.tsx';
import { TokenForm } from './token-form/token-form.tsx';
import { TokenFormGate } from './token-form/token-form-gate.tsx';
import type { CreatedToken } from './token-form/types.ts';

interface CreateTokenDialogProps {
  open: boolean;
  /** The stream the dialog is opened for: preselected as the target. */
  stream?: Stream;
  /** The token exists (called before it is shown), e.g. to apply it to the page. */
  onCreated?: (created: CreatedToken) => void;
  /** The dialog is done: cancelled, or the token was shown and the user closed it. */
  onClose: () => void;
  /** The user closed the token dialog with "Close and discard": drop what `onCreated` applied. */
  onDiscarded?: () => void;
  /** Whether focus returns to the opener once the token dialog closes (default yes). */
  restoreFocus?: boolean;
}

/** The token form in a dialog, then the show-once dialog for what it created. */
export function CreateTokenDialog({
  open,
  stream,
  onCreated,
  onClose,
  onDiscarded,
  restoreFocus = true,
}: CreateTokenDialogProps) {
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const titleId = useId();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  // Rendered once, closed and hidden, while the page is idle: the first real open then finds
  // the form's styles and code ready (about half of its time on a first open).
  const warming = useIdleWarmUp(!open);
  const form = (
    <TokenFormGate>
      <TokenForm
        preselected={stream}
        stickyActions
        onCancel={onClose}
        onCreated={(next) => {
          setCreated(next);
          onCreated?.(next);
        }}
      />
    </TokenFormGate>
  );

  return (
    <>
      <Dialog
        open={open && created === null}
        keepMounted={warming}
        // A click beside the form would lose what was typed; Escape and Cancel still close.
        onClose={(_, reason) => reason !== 'backdropClick' && onClose()}
        aria-labelledby={titleId}
        fullScreen={fullScreen}
        fullWidth
        maxWidth="md"
        scroll="paper"
      >
        <DialogTitle id={titleId} sx={{ pr: 7 }}>
          Create a secure playback token
          {stream && (
            <>
              {' for '}
              <ForeignText value={stream.name} />
            </>
          )}
        </DialogTitle>
        <Tooltip title="Close">
          <IconButton
            aria-label="Close"
            onClick={onClose}
            sx={{ position: 'absolute', right: 12, top: 12 }}
          >
            <CloseIcon />
          </IconButton>
        </Tooltip>
        <DialogContent dividers sx={{ pb: 0 }}>
          {warming ? (
            form
          ) : (
            <AfterFirstPaint fallback={<LoadingState label="Opening the token form…" />}>
              {form}
            </AfterFirstPaint>
          )}
        </DialogContent>
      </Dialog>
      {created && (
        <TokenCreatedDialog
          created={created}
          disableRestoreFocus={!restoreFocus}
          onClose={({ discarded }) => {
            setCreated(null);
            if (discarded) onDiscarded?.();
            onClose();
          }}
        />
      )}
    </>
  );
}
