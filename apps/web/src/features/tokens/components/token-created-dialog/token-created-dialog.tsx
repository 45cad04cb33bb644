import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  FormControlLabel,
  Stack,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { buildSecurityObject } from '@ptd/contracts';
import { useId, useState } from 'react';
import { CodeBlock } from '@/components/code-block.tsx';
import { useSession } from '@/lib/auth/session.ts';
import type { CreatedToken } from '../token-form/types.ts';
import { DiscardConfirmDialog } from './discard-confirm-dialog.tsx';
import { TokenPlayouts } from './token-playouts.tsx';
import { TokenSummary } from './token-summary.tsx';

/** How the dialog was closed: `discarded` when the user said they do not have the token. */
export interface CloseOutcome {
  discarded: boolean;
}

interface TokenCreatedDialogProps {
  created: CreatedToken;
  /**
   * The user closed it; the caller must drop the token now. A discarded token must also go
   * from wherever the caller applied it (a page's playout URL): the user chose not to keep it.
   */
  onClose: (outcome: CloseOutcome) => void;
  /** The caller moves focus itself after closing (the opener may be gone). */
  disableRestoreFocus?: boolean;
}

/**
 * Shows a new token exactly once, with what it allows and how to play with it. Closing needs
 * "I have copied the token" (copying the token, or anything that carries it, ticks it) or a
 * confirmation: Escape and clicks outside never drop it silently.
 */
export function TokenCreatedDialog({
  created,
  onClose,
  disableRestoreFocus = false,
}: TokenCreatedDialogProps) {
  const player = useSession().data?.player;
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const titleId = useId();
  const warningId = useId();
  const { token, record } = created.response;

  const requestClose = () => (copied ? onClose({ discarded: false }) : setConfirming(true));
  const markCopied = () => setCopied(true);

  return (
    <Dialog
      open
      onClose={requestClose}
      aria-labelledby={titleId}
      aria-describedby={warningId}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="md"
      scroll="paper"
      disableRestoreFocus={disableRestoreFocus}
    >
      <DialogTitle id={titleId}>Secure playback token created</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={3}>
          <Alert severity="warning" role="note" id={warningId}>
            <AlertTitle>Copy the token now: it is shown only once</AlertTitle>
            After you close this dialog the token cannot be shown again, not here and not in
            Playback Tokens. If it is lost, create a new one.
          </Alert>
          <CodeBlock label="Token" code={token} copyLabel="Copy token" wrap onCopied={markCopied} />
          <Box>
            <CodeBlock
              label="Player security object"
              code={buildSecurityObject(token)}
              copyLabel="Copy player security object"
              wrap
              onCopied={markCopied}
            />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.75 }}>
              For a player setup of your own: paste it into <code>source.group</code>, or into each
              entry’s <code>h5live</code>.
            </Typography>
          </Box>
          <Box>
            <Typography variant="h3" component="h3" sx={{ mb: 1.5 }}>
              What it allows
            </Typography>
            <TokenSummary record={record} />
          </Box>
          <Divider />
          {player && <TokenPlayouts created={created} player={player} onCopied={markCopied} />}
        </Stack>
      </DialogContent>
      <DialogActions
        sx={{ px: 3, py: 1.5, gap: 1, flexWrap: 'wrap', justifyContent: 'space-between' }}
      >
        <FormControlLabel
          control={
            <Checkbox checked={copied} onChange={(event) => setCopied(event.target.checked)} />
          }
          label="I have copied the token"
        />
        <Button variant="contained" onClick={requestClose}>
          Close
        </Button>
      </DialogActions>
      <DiscardConfirmDialog
        open={confirming}
        onKeep={() => setConfirming(false)}
        onDiscard={() => onClose({ discarded: true })}
      />
    </Dialog>
  );
}
