import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Paper,
} from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { useId, useState } from 'react';
import { formatLocal, formatUtc } from '@/lib/format.ts';
import { describeTarget } from '@/lib/describe-target.ts';

interface Props {
  record: TokenRecord | null;
  pending: boolean;
  onConfirm: (record: TokenRecord) => void;
  onCancel: () => void;
}

/** Revoking is permanent and cuts viewers off, so it is confirmed with its effect spelled out. */
export function RevokeTokenDialog({ record: requested, pending, onConfirm, onCancel }: Props) {
  // Keep showing the last token while the dialog fades out.
  const [record, setRecord] = useState(requested);
  if (requested && requested !== record) setRecord(requested);
  const titleId = useId();
  const textId = useId();
  return (
    <Dialog
      open={requested !== null}
      onClose={() => !pending && onCancel()}
      aria-labelledby={titleId}
      aria-describedby={textId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>Revoke this token?</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId} sx={{ mb: 2 }}>
          Revoking is permanent and cannot be undone. The token stops working on every edge at once,
          and viewers who are watching with it right now are disconnected. To let them watch again,
          create a new token.
        </DialogContentText>
        {record && (
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Box
              component="dl"
              sx={{
                m: 0,
                display: 'grid',
                gridTemplateColumns: 'auto 1fr',
                rowGap: 0.5,
                columnGap: 2,
              }}
            >
              <dt>Target</dt>
              <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                {describeTarget(record.target)}
              </Box>
              {record.tag && (
                <>
                  <dt>Tag</dt>
                  <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                    {record.tag}
                  </Box>
                </>
              )}
              {record.user && (
                <>
                  <dt>User ID</dt>
                  <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                    {record.user}
                  </Box>
                </>
              )}
              <dt>Expires</dt>
              <Box component="dd" sx={{ m: 0 }}>
                {formatLocal(record.expiresAt)} ({formatUtc(record.expiresAt)})
              </Box>
            </Box>
          </Paper>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onCancel} disabled={pending} autoFocus>
          Cancel
        </Button>
        <Button
          variant="contained"
          color="error"
          loading={pending}
          onClick={() => record && onConfirm(record)}
        >
          Revoke token
        </Button>
      </DialogActions>
    </Dialog>
  );
}
