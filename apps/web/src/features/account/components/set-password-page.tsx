import { Alert, Button, Stack, Typography } from '@mui/material';
import { PASSWORD_MIN_LENGTH } from '@ptd/contracts';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { LoadingState } from '@/components/loading-state.tsx';
import { FormAlert } from '@/components/form-alert.tsx';
import { NewPasswordFields, useNewPassword } from '@/components/new-password-fields.tsx';
import { PublicPage } from '@/components/public-page.tsx';
import { ApiError } from '@/lib/api-client.ts';
import { formatShort } from '@/lib/format.ts';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { RouterLink } from '@/lib/navigation.tsx';
import { useResetLinkInfo, useSetPassword } from '../api/reset-link.ts';
import { ForeignText } from '@/components/foreign-text.tsx';
import { EmailAddress } from '@/components/email-address.tsx';

/**
 * The link's secret, read once from the fragment (never sent to a server by the browser) and
 * then taken out of the address bar and history, so it is not left where others look.
 */
function useLinkToken() {
  const [token] = useState(
    () => new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '',
  );
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  return token;
}

/** The public page a set-password link opens: choose a new password, once. */
export function SetPasswordPage() {
  const token = useLinkToken();
  const info = useResetLinkInfo(token);
  const save = useSetPassword();
  const password = useNewPassword('Repeat the password');
  const [formError, setFormError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  useEffect(() => {
    document.title = 'Set your password · nanoStream Cloud';
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    if (!password.check()) return;
    save.mutate(
      { token, password: password.password },
      {
        onSuccess: () => setDone(true),
        onError: (error) => {
          // A used or expired link (410) replaces the whole form.
          if (error instanceof ApiError && error.status === 410) return;
          const { fields, rest } = splitServerIssues(error, ['password']);
          setFormError(rest ?? undefined);
          if (fields.password) password.fail('password', fields.password);
        },
      },
    );
  };

  let content: ReactNode;
  if (!token) {
    content = (
      <Alert severity="error">
        This page needs the whole set-password link an admin gave you. Open that link again.
      </Alert>
    );
  } else if (done || (save.error instanceof ApiError && save.error.status === 410)) {
    content = done ? (
      <Stack spacing={2.5}>
        <Alert severity="success">
          Your password is set. Every session of your account was signed out: sign in with the new
          password.
        </Alert>
        <Button component={RouterLink} to="/sign-in" variant="contained" size="large">
          Go to sign-in
        </Button>
      </Stack>
    ) : (
      <Alert severity="error">{save.error?.message}</Alert>
    );
  } else if (info.isPending) {
    content = <LoadingState label="Checking the link…" />;
  } else if (info.isError) {
    content = <Alert severity="error">{info.error.message}</Alert>;
  } else {
    content = (
      <Stack
        component="form"
        noValidate
        spacing={2.5}
        onSubmit={submit}
        aria-label="Set your password"
      >
        <FormAlert message={formError} />
        <Typography color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
          For{' '}
          <strong>
            <ForeignText value={info.data.displayName} />
          </strong>{' '}
          (<EmailAddress value={info.data.email} />
          ). This link works once, until {formatShort(info.data.expiresAt)}. At least{' '}
          {PASSWORD_MIN_LENGTH} characters, not a common password; a few unrelated words make a good
          one.
        </Typography>
        <NewPasswordFields state={password} autoFocus onEdit={() => setFormError(undefined)} />
        <Button type="submit" variant="contained" size="large" loading={save.isPending}>
          Set password
        </Button>
        {/* Lets password managers save the new password for this account (last: no gap). */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={info.data.email}
          hidden
          readOnly
        />
      </Stack>
    );
  }

  return (
    <PublicPage maxWidth={460}>
      <Typography variant="h1" gutterBottom>
        Set your password
      </Typography>
      {content}
    </PublicPage>
  );
}
