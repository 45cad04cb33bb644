import { Alert, type SxProps, type Theme } from '@mui/material';
import { useSyncExternalStore } from 'react';
import { answersSoFar, onAnswersAgain, waitedFor } from '@/lib/server-answers.ts';

/**
 * A form's own error: what the server said that no field of the form shows. A failure that
 * passes by itself (the server or its database restarting: "Try again in 2 s.") no longer asks
 * to wait once the server answers again: it says to send the form again, with what was typed.
 */
export function FormAlert({ message, sx }: { message?: string | null; sx?: SxProps<Theme> }) {
  const answered = useSyncExternalStore(onAnswersAgain, answersSoFar);
  if (!message) return null;
  const over = waitedFor(message, answered);
  if (over) {
    return (
      <Alert severity="info" role="status" sx={sx}>
        {over}
      </Alert>
    );
  }
  return (
    <Alert severity="error" role="alert" sx={sx}>
      {message}
    </Alert>
  );
}
