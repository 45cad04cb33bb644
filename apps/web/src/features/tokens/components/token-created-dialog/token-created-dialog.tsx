import { Box, Divider, Typography } from '@mui/material';
import { buildSecurityObject } from '@ptd/contracts';
import { CodeBlock } from '@/components/code-block.tsx';
import { ShowOnceDialog } from '@/components/show-once/show-once-dialog.tsx';
import { useSession } from '@/lib/auth/session.ts';
import type { CreatedToken } from '../token-form/types.ts';
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
 * Shows a new token exactly once, with what it allows and how to play with it. Copying the
 * token, or anything that carries it, counts as "I have copied the token".
 */
export function TokenCreatedDialog({
  created,
  onClose,
  disableRestoreFocus = false,
}: TokenCreatedDialogProps) {
  const player = useSession().data?.player;
  const { token, record } = created.response;
  return (
    <ShowOnceDialog
      title="Secure playback token created"
      noun="token"
      warning="After you close this dialog the token cannot be shown again, not here and not in Playback tokens. If it is lost, create a new one."
      discardText="You have not confirmed that you copied the token. Once this dialog is closed, the token cannot be shown again; you would have to create a new one."
      onClose={(discarded) => onClose({ discarded })}
      maxWidth="md"
      disableRestoreFocus={disableRestoreFocus}
    >
      {(markCopied) => (
        <>
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
        </>
      )}
    </ShowOnceDialog>
  );
}
