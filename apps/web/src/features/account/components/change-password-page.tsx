import { Button, Paper, Stack } from '@mui/material';
import { PASSWORD_MIN_LENGTH } from '@ptd/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { useNotifier } from '@/components/notifier.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { NewPasswordFields, useNewPassword } from '@/components/new-password-fields.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { PasswordInput } from '@/components/password-input.tsx';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useChangePassword } from '../api/change-password.ts';

type Errors = { currentPassword?: string; form?: string };

const endedText = (n: number) =>
  n === 0
    ? 'Your password is changed.'
    : `Your password is changed. ${n} other session${n === 1 ? ' was' : 's were'} signed out.`;

/** Your own password: the current one, then the new one twice. */
export function ChangePasswordPage() {
  const change = useChangePassword();
  const { notify } = useNotifier();
  const [currentPassword, setCurrentPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const currentInput = useRef<HTMLInputElement>(null);
  const newPassword = useNewPassword();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    if (!currentPassword) {
      setErrors({ currentPassword: 'Current password: enter your current password.' });
      currentInput.current?.focus();
      return;
    }
    if (!newPassword.check()) return;
    change.mutate(
      { currentPassword, newPassword: newPassword.password },
      {
        onSuccess: ({ sessionsEnded }) => {
          setCurrentPassword('');
          newPassword.reset();
          notify(endedText(sessionsEnded));
        },
        onError: (error) => {
          const { fields, rest } = splitServerIssues(error, ['currentPassword', 'newPassword']);
          setErrors({ currentPassword: fields.currentPassword, form: rest ?? undefined });
          if (fields.newPassword) newPassword.fail('password', fields.newPassword);
          if (fields.currentPassword) currentInput.current?.focus();
        },
      },
    );
  };

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Change password"
        description={`At least ${PASSWORD_MIN_LENGTH} characters, and not a common password or one made of your name or email. A few unrelated words make a good one. Your other sessions are signed out; this one stays.`}
      />
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, maxWidth: 560 }}>
        <Stack
          component="form"
          noValidate
          spacing={2.5}
          onSubmit={submit}
          aria-label="Change password"
        >
          <FormAlert message={errors.form} />
          <PasswordInput
            label="Current password"
            name="current-password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(value) => {
              setCurrentPassword(value);
              setErrors((now) => ({ ...now, currentPassword: undefined }));
            }}
            error={errors.currentPassword}
            inputRef={currentInput}
          />
          <NewPasswordFields state={newPassword} />
          <Button
            type="submit"
            variant="contained"
            loading={change.isPending}
            sx={{ alignSelf: 'flex-start' }}
          >
            Change password
          </Button>
          {/* Lets password managers tie the new password to the account (last: no gap). */}
          <input type="text" name="username" autoComplete="username" hidden readOnly />
        </Stack>
      </Paper>
    </Stack>
  );
}
