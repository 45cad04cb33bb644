import { Box, CircularProgress, Typography } from '@mui/material';

interface LoadingStateProps {
  /** What is loading, e.g. "Loading streams…". */
  label?: string;
  /** Centre in the whole viewport (before the app shell exists). */
  fullPage?: boolean;
}

/** Progress while something loads, announced to screen readers. */
export function LoadingState({ label = 'Loading…', fullPage = false }: LoadingStateProps) {
  return (
    <Box
      role="status"
      sx={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 2,
        py: 8,
        minHeight: fullPage ? '100vh' : undefined,
      }}
    >
      <CircularProgress size={28} aria-hidden />
      <Typography color="text.secondary">{label}</Typography>
    </Box>
  );
}
