import { Button, Link, Stack, Typography } from '@mui/material';
import type { PendingSignIn, Session } from '@ptd/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { CodeInput } from '@/components/two-factor/code-input.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useSecondFactor } from '../api/sign-in-steps.ts';
import { isExpired } from './sign-in-steps.tsx';

interface Props {
  pending: PendingSignIn;
  onSignedIn: (session: Session) => void;
  onRestart: (reason?: string) => void;
}

/** The code from the authenticator app, or one of the recovery codes. */
export function TwoFactorStep({ onSignedIn, onRestart }: Props) {
  const send = useSecondFactor();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [formError, setFormError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim();
    if (!value) {
      setError(
        recovery
          ? 'Code: enter one of your recovery codes.'
          : 'Code: enter the 6 digits your app shows.',
      );
      input.current?.focus();
      return;
    }
    setFormError(null);
    send.mutate(value, {
      onSuccess: onSignedIn,
      onError: (failure) => {
        if (failure instanceof ApiError && failure.code === 'invalid-code') {
          setError(failure.message);
          input.current?.focus();
        } else if (isExpired(failure)) {
          onRestart(failure.message);
        } else {
          const { fields, rest } = splitServerIssues(failure, ['code']);
          setError(fields.code);
          setFormError(rest);
        }
      },
    });
  };

  const switchKind = () => {
    setRecovery((now) => !now);
    setCode('');
    setError(undefined);
    input.current?.focus();
  };

  return (
    <Stack component="form" noValidate spacing={2.5} onSubmit={submit}>
      <FormAlert message={formError} />
      <Typography>
        {recovery
          ? 'Enter one of the recovery codes you saved when you set up two-factor sign-in. Each works once.'
          : 'Open your authenticator app and enter the 6-digit code it shows for Playback Tokens.'}
      </Typography>
      <CodeInput
        key={recovery ? 'recovery' : 'app'}
        label={recovery ? 'Recovery code' : '6-digit code'}
        digitsOnly={!recovery}
        autoFocus
        value={code}
        onChange={(value) => {
          setCode(value);
          setError(undefined);
        }}
        error={error}
        inputRef={input}
      />
      <Button type="submit" variant="contained" size="large" loading={send.isPending}>
        Verify and sign in
      </Button>
      <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Link component="button" type="button" onClick={switchKind}>
          {recovery ? 'Use the app’s code' : 'Use a recovery code'}
        </Link>
        <Link component="button" type="button" onClick={() => onRestart()}>
          Start again
        </Link>
      </Stack>
    </Stack>
  );
}
