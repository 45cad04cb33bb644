import { Button, Stack, Typography } from '@mui/material';
import {
  isPendingSignIn,
  PASSWORD_MIN_LENGTH,
  type PendingSignIn,
  type Session,
} from '@ptd/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { FormAlert } from '@/components/form-alert.tsx';
import { PasswordInput } from '@/components/password-input.tsx';
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

type Errors = { password?: string; repeat?: string; form?: string };

/** The first admin replaces the generated password, which has done its one job. */
export function FirstPasswordStep({ onSignedIn, onRestart, onNext }: Props) {
  const save = useFirstPassword();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH) {
      setErrors({ password: `New password: at least ${PASSWORD_MIN_LENGTH} characters.` });
      first.current?.focus();
      return;
    }
    if (repeat !== password) {
      setErrors({ repeat: 'Repeat the new password: it is not the same.' });
      second.current?.focus();
      return;
    }
    save.mutate(password, {
      onSuccess: (answer) => (isPendingSignIn(answer) ? onNext(answer) : onSignedIn(answer)),
      onError: (failure) => {
        if (isExpired(failure)) return onRestart((failure as ApiError).message);
        const { fields, rest } = splitServerIssues(failure, (path) =>
          path === 'newPassword' ? 'password' : null,
        );
        setErrors({ ...fields, form: rest ?? undefined });
        if (fields.password) first.current?.focus();
      },
    });
  };

  return (
    <Stack component="form" noValidate spacing={2.5} onSubmit={submit}>
      <FormAlert message={errors.form} />
      <Typography>
        The password printed when the dashboard first started works only once, to get here. Choose
        your own: at least {PASSWORD_MIN_LENGTH} characters, not a common one. A few unrelated words
        make a good one.
      </Typography>
      <PasswordInput
        label="New password"
        name="new-password"
        autoComplete="new-password"
        autoFocus
        value={password}
        onChange={(value) => {
          setPassword(value);
          setErrors({});
        }}
        error={errors.password}
        inputRef={first}
      />
      <PasswordInput
        label="Repeat the new password"
        name="repeat-password"
        autoComplete="new-password"
        value={repeat}
        onChange={(value) => {
          setRepeat(value);
          setErrors((now) => ({ ...now, repeat: undefined }));
        }}
        error={errors.repeat}
        inputRef={second}
      />
      <Button type="submit" variant="contained" size="large" loading={save.isPending}>
        Save password and continue
      </Button>
    </Stack>
  );
}
