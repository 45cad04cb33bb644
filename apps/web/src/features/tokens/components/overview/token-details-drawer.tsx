import CloseIcon from '@mui/icons-material/Close';
import {
  Alert,
  Box,
  CircularProgress,
  Divider,
  Drawer,
  IconButton,
  Typography,
} from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { useId } from 'react';
import { ApiError } from '@/lib/api-client.ts';
import { TokenDetails } from './token-details.tsx';

interface Props {
  open: boolean;
  record: TokenRecord | undefined;
  isLoading: boolean;
  error: unknown;
  canRevoke: boolean;
  /** Why a token offers no revoke, when it does not. */
  revokeHint: string | null;
  onRevoke: (record: TokenRecord) => void;
  onSimilar?: ((record: TokenRecord) => void) | undefined;
  onClose: () => void;
}

/** Everything the ledger knows about one token, with its claims. Never the token itself. */
export function TokenDetailsDrawer(props: Props) {
  const { open, record, isLoading, error, onClose } = props;
  const titleId = useId();
  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={onClose}
      // A modal panel: above the app bar (which sits above the navigation drawer), so that its
      // title and close button are not covered by the bar and its account menu.
      sx={{ zIndex: (theme) => theme.zIndex.modal }}
      slotProps={{
        paper: {
          role: 'dialog',
          'aria-labelledby': titleId,
          sx: { width: { xs: '100%', sm: 520 } },
        },
      }}
    >
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          px: 2.5,
          py: 1.5,
        }}
      >
        <Typography id={titleId} variant="h2">
          Token details
        </Typography>
        <IconButton aria-label="Close details" onClick={onClose} edge="end">
          <CloseIcon />
        </IconButton>
      </Box>
      <Divider />
      <Box sx={{ p: 2.5, overflowY: 'auto' }}>
        {record ? (
          <TokenDetails
            record={record}
            canRevoke={props.canRevoke}
            revokeHint={props.revokeHint}
            onRevoke={props.onRevoke}
            onSimilar={props.onSimilar}
          />
        ) : isLoading ? (
          <Box sx={{ display: 'flex', justifyContent: 'center', py: 6 }}>
            <CircularProgress aria-label="Loading token details" />
          </Box>
        ) : error ? (
          <Alert severity="error">
            {error instanceof ApiError && error.status === 404
              ? 'The ledger has no token with this ID.'
              : 'The token details could not be loaded.'}
          </Alert>
        ) : null}
      </Box>
    </Drawer>
  );
}
