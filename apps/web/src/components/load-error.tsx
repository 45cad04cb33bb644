import { Alert, Button, type SxProps, type Theme } from '@mui/material';
import type { ReactNode } from 'react';

/** Something could not be loaded: what, and a way to ask again. */
export function LoadError({
  children,
  onRetry,
  sx,
}: {
  children: ReactNode;
  onRetry: () => unknown;
  sx?: SxProps<Theme>;
}) {
  return (
    <Alert
      severity="error"
      sx={sx}
      action={
        // On one line, however narrow the screen: the message beside it wraps instead.
        <Button
          color="inherit"
          size="small"
          onClick={() => void onRetry()}
          sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
        >
          Try again
        </Button>
      }
    >
      {children}
    </Alert>
  );
}
