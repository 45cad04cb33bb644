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
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
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

const GUARD = 'showOnceGuard';
const isGuard = (state: unknown) => typeof state === 'object' && state !== null && GUARD in state;

/**
 * Browser Back (a phone's back gesture) while the secret is open acts like Escape: an entry at
 * the same address stands in front of the page, and going back to the page puts it back while
 * the secret is not copied. Reloading or leaving the site asks the browser's question then.
 * Returns how to close: off the extra entry first, then `done`.
 */
function useBackGuard(askFirst: boolean, onBack: () => void) {
  const latest = useRef({ askFirst, onBack });
  useLayoutEffect(() => {
    latest.current = { askFirst, onBack };
  });
  const guarded = useRef(false);

  useEffect(() => {
    // A remount (Strict Mode) finds its entry already there.
    if (!isGuard(window.history.state)) {
      window.history.pushState({ [GUARD]: true }, '', window.location.href);
    }
    guarded.current = true;
    const onPopState = () => {
      if (!guarded.current) return;
      if (latest.current.askFirst) {
        window.history.pushState({ [GUARD]: true }, '', window.location.href);
      } else {
        guarded.current = false;
      }
      latest.current.onBack();
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  useEffect(() => {
    if (!askFirst) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [askFirst]);

  return useCallback((done: () => void) => {
    const onGuard = guarded.current && isGuard(window.history.state);
    guarded.current = false;
    if (!onGuard) {
      done();
      return;
    }
    window.addEventListener('popstate', () => done(), { once: true });
    window.history.back();
  }, []);
}

/**
 * A secret shown exactly once. Closing needs "I have copied the …" or a confirmation: Escape,
 * clicks outside and the browser's Back never drop it silently.
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
  // Back has already left the extra entry: a copied secret closes, any other asks first.
  const leave = useBackGuard(!copied, () => (copied ? onClose(false) : setConfirming(true)));
  const requestClose = () => (copied ? leave(() => onClose(false)) : setConfirming(true));
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
        onDiscard={() => leave(() => onClose(true))}
      />
    </Dialog>
  );
}
