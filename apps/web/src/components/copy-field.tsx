import { Box, Typography } from '@mui/material';
import { monospace } from '@/lib/theme.ts';
import { CopyButton, copyLabelFor } from './copy-button.tsx';

interface CopyFieldProps {
  label: string;
  value: string;
  /** The label is already on screen (e.g. in a description list). */
  hideLabel?: boolean;
}

/** A short value people copy (a URL, a stream name): label, monospace value, copy icon. */
export function CopyField({ label, value, hideLabel = false }: CopyFieldProps) {
  return (
    <Box>
      {!hideLabel && (
        <Typography variant="body2" color="text.secondary" component="div">
          {label}
        </Typography>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
        <Typography
          component="code"
          sx={{
            fontFamily: monospace,
            fontSize: '0.875rem',
            overflowWrap: 'anywhere',
            flexGrow: 1,
          }}
        >
          {value}
        </Typography>
        <CopyButton text={value} label={copyLabelFor(label)} variant="icon" />
      </Box>
    </Box>
  );
}
