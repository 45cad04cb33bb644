import { Alert, Typography } from '@mui/material';
import type { PendingSignIn, Session } from '@ptd/contracts';
import { useEffect, useState } from 'react';
import { LoadingState } from '@/components/loading-state.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { usePendingSignIn } from '../api/sign-in-steps.ts';
import { EnrolStep } from './enrol-step.tsx';
import { FirstPasswordStep } from './first-password-step.tsx';
import { TwoFactorStep } from './two-factor-step.tsx';

export interface SignInStepsProps {
  /** The step the password led to; null: ask the server (the page was reloaded mid-way). */
  pending: PendingSignIn | null;
  /** The last step is done. */
  onSignedIn: (session: Session) => void;
  /** Back to email and password, saying why. */
  onRestart: (reason?: string) => void;
}

const TITLES = {
  'two-factor': 'Two-factor sign-in',
  'enrol-two-factor': 'Set up two-factor sign-in',
  'change-password': 'Choose your password',
} as const;

/** The end of a sign-in and the reason to start it again, from any step. */
export const isExpired = (error: unknown) =>
  error instanceof ApiError && error.status === 401 && error.code !== 'invalid-code';

/**
 * What a sign-in needs after the password: the authenticator code, setting up two-factor, or
 * the first admin's own password. Loaded only when a sign-in gets here.
 */
export function SignInSteps({ pending: given, onSignedIn, onRestart }: SignInStepsProps) {
  const resumed = usePendingSignIn(given === null);
  const [pending, setPending] = useState(given);
  const current = pending ?? resumed.data ?? null;
  useEffect(() => {
    if (resumed.isError) onRestart();
  }, [resumed.isError, onRestart]);

  if (!current) return <LoadingState label="Picking up your sign-in…" />;
  const props = { pending: current, onSignedIn, onRestart };
  return (
    <>
      <Typography variant="h1" gutterBottom>
        {TITLES[current.pending]}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3, overflowWrap: 'anywhere' }}>
        Signing in as <strong>{current.email}</strong>.
      </Typography>
      {current.pending === 'two-factor' && <TwoFactorStep {...props} />}
      {current.pending === 'change-password' && (
        <FirstPasswordStep {...props} onNext={(next) => setPending(next)} />
      )}
      {current.pending === 'enrol-two-factor' && <EnrolStep {...props} />}
      {current.pending !== 'two-factor' && (
        <Alert severity="info" sx={{ mt: 3 }}>
          Nothing else in the dashboard opens until this is done.
        </Alert>
      )}
    </>
  );
}
