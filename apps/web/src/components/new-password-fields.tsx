import { PASSWORD_MIN_LENGTH } from '@ptd/contracts';
import { useRef, useState } from 'react';
import { PasswordInput } from './password-input.tsx';

type Field = 'password' | 'repeat';

const PASSWORD_LABEL = 'New password';

/**
 * A new password typed twice: its values, errors and the checks made before anything is sent
 * (long enough, and the same twice). Render it with NewPasswordFields.
 */
export function useNewPassword(repeatLabel = 'Repeat the new password') {
  const [values, setValues] = useState({ password: '', repeat: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const refs = { password: useRef<HTMLInputElement>(null), repeat: useRef<HTMLInputElement>(null) };

  /** Shows `message` under the field and moves focus there. */
  const fail = (field: Field, message: string) => {
    setErrors({ [field]: message });
    refs[field].current?.focus();
  };

  /** Whether the password may be sent; if not, the first problem is shown. */
  const check = () => {
    if (values.password.length < PASSWORD_MIN_LENGTH) {
      fail('password', `${PASSWORD_LABEL}: at least ${PASSWORD_MIN_LENGTH} characters.`);
      return false;
    }
    if (values.repeat !== values.password) {
      fail('repeat', `${repeatLabel}: it is not the same.`);
      return false;
    }
    setErrors({});
    return true;
  };

  const edit = (field: Field) => (value: string) => {
    setValues((now) => ({ ...now, [field]: value }));
    setErrors((now) => ({ ...now, [field]: undefined }));
  };

  return {
    password: values.password,
    check,
    fail,
    reset: () => setValues({ password: '', repeat: '' }),
    fields: { values, errors, refs, edit, repeatLabel },
  };
}

export type NewPassword = ReturnType<typeof useNewPassword>;

/** The two fields of useNewPassword. */
export function NewPasswordFields({
  state,
  autoFocus,
  onEdit,
}: {
  state: NewPassword;
  autoFocus?: boolean;
  /** The user typed in either field (e.g. to clear the form's own error). */
  onEdit?: () => void;
}) {
  const { values, errors, refs, edit, repeatLabel } = state.fields;
  const change = (field: Field) => (value: string) => {
    edit(field)(value);
    onEdit?.();
  };
  return (
    <>
      <PasswordInput
        label={PASSWORD_LABEL}
        name="new-password"
        autoComplete="new-password"
        autoFocus={autoFocus}
        value={values.password}
        onChange={change('password')}
        error={errors.password}
        inputRef={refs.password}
      />
      <PasswordInput
        label={repeatLabel}
        name="repeat-password"
        autoComplete="new-password"
        value={values.repeat}
        onChange={change('repeat')}
        error={errors.repeat}
        inputRef={refs.repeat}
      />
    </>
  );
}
