import { Button, Paper, Stack } from '@mui/material';
import { PASSWORD_MIN_LENGTH } from '@ptd/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { useNotifier } from '@/components/notifier.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { PasswordInput } from '@/components/password-input.tsx';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useChangePassword } from '../api/change-password.ts';

const EMPTY = { currentPassword: '', newPassword: '', repeat: '' };
type Field = keyof typeof EMPTY;
type Errors = Partial<Record<Field | 'form', string>>;

const endedText = (n: number) =>
  n === 0
    ? 'Your password is changed.'
    : `Your password is changed. ${n} other session${n === 1 ? ' was' : 's were'} signed out.`;

/** Your own password: the current one, then the new one twice. */
export function ChangePasswordPage() {
  const change = useChangePassword();
  const { notify } = useNotifier();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const inputs = {
    currentPassword: useRef<HTMLInputElement>(null),
    newPassword: useRef<HTMLInputElement>(null),
    repeat: useRef<HTMLInputElement>(null),
  };
  const set = (field: Field) => (value: string) => {
    setValues((now) => ({ ...now, [field]: value }));
    setErrors((now) => ({ ...now, [field]: undefined }));
  };
  const fail = (field: Field, message: string) => {
    setErrors({ [field]: message });
    inputs[field].current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.currentPassword)
      return fail('currentPassword', 'Current password: enter your current password.');
    if (values.newPassword.length < PASSWORD_MIN_LENGTH) {
      return fail('newPassword', `New password: at least ${PASSWORD_MIN_LENGTH} characters.`);
    }
    if (values.repeat !== values.newPassword) {
      return fail('repeat', 'Repeat the new password: it is not the same.');
    }
    const { currentPassword, newPassword } = values;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: ({ sessionsEnded }) => {
          setValues(EMPTY);
          notify(endedText(sessionsEnded));
        },
        onError: (error) => {
          const { fields, rest } = splitServerIssues(error, ['currentPassword', 'newPassword']);
          setErrors({ ...fields, form: rest ?? undefined });
          const first = fields.currentPassword ? 'currentPassword' : 'newPassword';
          if (fields[first]) inputs[first].current?.focus();
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
            value={values.currentPassword}
            onChange={set('currentPassword')}
            error={errors.currentPassword}
            inputRef={inputs.currentPassword}
          />
          <PasswordInput
            label="New password"
            name="new-password"
            autoComplete="new-password"
            value={values.newPassword}
            onChange={set('newPassword')}
            error={errors.newPassword}
            inputRef={inputs.newPassword}
          />
          <PasswordInput
            label="Repeat the new password"
            name="repeat-password"
            autoComplete="new-password"
            value={values.repeat}
            onChange={set('repeat')}
            error={errors.repeat}
            inputRef={inputs.repeat}
          />
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
