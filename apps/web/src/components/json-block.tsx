import { Box } from '@mui/material';
import { monospace } from '@/lib/theme.ts';

/** Pretty-printed JSON in a scrollable, focusable block (claims, headers). */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <Box
      component="pre"
      aria-label={label}
      tabIndex={0}
      sx={{
        fontFamily: monospace,
        fontSize: 13,
        m: 0,
        p: 1.5,
        borderRadius: 1,
        bgcolor: 'action.hover',
        overflowX: 'auto',
      }}
    >
      {JSON.stringify(value, null, 2)}
    </Box>
  );
}
