import { Stack, Typography } from '@mui/material';
import type { EnrolledSignIn, PendingSignIn, Session } from '@ptd/contracts';
import { useEffect, useState } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { EnrolmentPanel } from '@/components/two-factor/enrolment-panel.tsx';
import { RecoveryCodesPanel } from '@/components/two-factor/recovery-codes-panel.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useConfirmSignInEnrolment, useSignInEnrolment } from '../api/sign-in-steps.ts';
import { isExpired } from './sign-in-steps.tsx';

interface Props {
  pending: PendingSignIn;
  onSignedIn: (session: Session) => void;
  onRestart: (reason?: string) => void;
}

/** Two-factor is required for this account and not set up yet: set it up now. */
export function EnrolStep({ onSignedIn, onRestart }: Props) {
  const material = useSignInEnrolment();
  const confirm = useConfirmSignInEnrolment();
  const [codeError, setCodeError] = useState<string>();
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<EnrolledSignIn>();

  useEffect(() => {
    if (material.error && isExpired(material.error)) onRestart(material.error.message);
  }, [material.error, onRestart]);

  if (done) {
    return (
      <RecoveryCodesPanel
        codes={done.recoveryCodes}
        doneLabel="Continue to the dashboard"
        onDone={() => onSignedIn(done.session)}
      />
    );
  }

  return (
    <Stack spacing={2.5}>
      <Typography>
        Your account must sign in with a code from an authenticator app as well as the password.
      </Typography>
      <FormAlert message={formError} />
      {material.isError && !isExpired(material.error) ? (
        <LoadError onRetry={() => material.refetch()}>{material.error.message}</LoadError>
      ) : (
        <EnrolmentPanel
          material={material.data}
          confirming={confirm.isPending}
          codeError={codeError}
          onConfirm={(code) => {
            setFormError(null);
            confirm.mutate(code, {
              onSuccess: setDone,
              onError: (failure) => {
                if (failure instanceof ApiError && failure.code === 'invalid-code') {
                  setCodeError(failure.issues?.[0]?.message ?? failure.message);
                } else if (isExpired(failure)) {
                  onRestart(failure.message);
                } else {
                  const { fields, rest } = splitServerIssues(failure, ['code']);
                  setCodeError(fields.code);
                  setFormError(rest);
                }
              },
            });
          }}
        />
      )}
    </Stack>
  );
}
