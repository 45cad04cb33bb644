import { Alert, type SxProps, type Theme } from '@mui/material';

/** A form's own error: what the server said that no field of the form shows. */
export function FormAlert({ message, sx }: { message?: string | null; sx?: SxProps<Theme> }) {
  if (!message) return null;
  return (
    <Alert severity="error" role="alert" sx={sx}>
      {message}
    </Alert>
  );
}
