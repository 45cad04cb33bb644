import { Button, Stack, Typography } from '@mui/material';
import {
  isPendingSignIn,
  PASSWORD_MIN_LENGTH,
  type PendingSignIn,
  type Session,
} from '@ptd/contracts';
import { useState, type FormEvent } from 'react';
import { FormAlert } from '@/components/form-alert.tsx';
import { NewPasswordFields, useNewPassword } from '@/components/new-password-fields.tsx';
import type { ApiError } from '@/lib/api-client.ts';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useFirstPassword } from '../api/sign-in-steps.ts';
import { isExpired } from './sign-in-steps.tsx';

interface Props {
  pending: PendingSignIn;
  onSignedIn: (session: Session) => void;
  onRestart: (reason?: string) => void;
  /** The new password is set and another step follows (setting up two-factor). */
  onNext: (next: PendingSignIn) => void;
}

/** The first admin replaces the generated password, which has done its one job. */
export function FirstPasswordStep({ onSignedIn, onRestart, onNext }: Props) {
  const save = useFirstPassword();
  const password = useNewPassword();
  const [formError, setFormError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    if (!password.check()) return;
    save.mutate(password.password, {
      onSuccess: (answer) => (isPendingSignIn(answer) ? onNext(answer) : onSignedIn(answer)),
      onError: (failure) => {
        if (isExpired(failure)) return onRestart((failure as ApiError).message);
        const { fields, rest } = splitServerIssues(failure, (path) =>
          path === 'newPassword' ? 'password' : null,
        );
        setFormError(rest ?? undefined);
        if (fields.password) password.fail('password', fields.password);
      },
    });
  };

  return (
    <Stack component="form" noValidate spacing={2.5} onSubmit={submit}>
      <FormAlert message={formError} />
      <Typography>
        The password printed when the dashboard first started works only once, to get here. Choose
        your own: at least {PASSWORD_MIN_LENGTH} characters, not a common one. A few unrelated words
        make a good one.
      </Typography>
      <NewPasswordFields state={password} autoFocus onEdit={() => setFormError(undefined)} />
      <Button type="submit" variant="contained" size="large" loading={save.isPending}>
        Save password and continue
      </Button>
    </Stack>
  );
}
