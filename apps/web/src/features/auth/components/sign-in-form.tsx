import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { Button, IconButton, InputAdornment, Stack } from '@mui/material';
import { isPendingSignIn, signInRequestSchema, type PendingSignIn } from '@ptd/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { navigate } from '@/lib/navigation.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { useSignIn } from '@/lib/auth/session.ts';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { OutlinedField } from '@/components/outlined-field.tsx';

type Field = 'email' | 'password';
type Errors = Partial<Record<Field | 'form', string>>;

/**
 * Email and password, checked with the contract's schema. A wrong pair is said under the
 * password, other failures in the form's alert. Plain state instead of react-hook-form keeps the
 * sign-in route within its bundle budget.
 */
export function SignInForm({
  returnTo,
  onPending,
}: {
  returnTo: string;
  /** The password was right and the sign-in needs one more step. */
  onPending: (pending: PendingSignIn) => void;
}) {
  const signIn = useSignIn();
  const [values, setValues] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [showPassword, setShowPassword] = useState(false);
  const inputs = {
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  const change = (field: Field) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = signInRequestSchema.safeParse(values);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === 'email' || field === 'password') && !next[field])
          next[field] = issue.message;
      }
      setErrors(next);
      inputs[next.email ? 'email' : 'password'].current?.focus();
      return;
    }
    signIn.mutate(parsed.data, {
      onSuccess: (answer) =>
        isPendingSignIn(answer) ? onPending(answer) : navigate(returnTo, { replace: true }),
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) {
          setErrors({ password: error.message });
          inputs.password.current?.focus();
        } else {
          const { fields, rest } = splitServerIssues(error, ['email', 'password'] as const);
          setErrors({ ...fields, form: rest ?? undefined });
        }
      },
    });
  };

  return (
    <Stack component="form" noValidate spacing={2.5} onSubmit={onSubmit}>
      <FormAlert message={errors.form} />
      <OutlinedField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        autoFocus
        value={values.email}
        onChange={change('email')}
        error={errors.email}
        inputRef={inputs.email}
      />
      {/* PasswordInput's button, written here: importing PasswordInput from sign-in makes the
          bundler move the input into a chunk of its own, one more fetch before sign-in. */}
      <OutlinedField
        label="Password"
        name="password"
        type={showPassword ? 'text' : 'password'}
        autoComplete="current-password"
        value={values.password}
        onChange={change('password')}
        error={errors.password}
        inputRef={inputs.password}
        endAdornment={
          <InputAdornment position="end">
            <IconButton
              edge="end"
              aria-label="Show password"
              aria-pressed={showPassword}
              onClick={() => setShowPassword((shown) => !shown)}
            >
              {showPassword ? <VisibilityOffIcon /> : <VisibilityIcon />}
            </IconButton>
          </InputAdornment>
        }
      />
      <Button type="submit" variant="contained" size="large" loading={signIn.isPending}>
        Sign in
      </Button>
    </Stack>
  );
}
