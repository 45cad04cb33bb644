import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
} from '@mui/material';
import { SSO_CONFIRM_PATH } from '@ptd/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { FormAlert } from '@/components/form-alert.tsx';
import { FormDialogActions } from '@/components/form-dialog-actions.tsx';
import { PasswordInput } from '@/components/password-input.tsx';
import { CodeInput } from '@/components/two-factor/code-input.tsx';
import type { Reauthentication } from '@/lib/api-client.ts';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useConfirmIdentity } from '../api/confirm-identity.ts';

interface Props {
  needed: Reauthentication;
  /** true: confirmed, the request goes again; false: closed, nothing is done. */
  onDone: (confirmed: boolean) => void;
}

/** Where a single sign-on account comes back to: this page, as it is. */
const here = () => `${window.location.pathname}${window.location.search}`;

/**
 * "Confirm it's you" before an action that wants a recent proof of the person: the password
 * (and code), or a fresh sign-in at the single sign-on provider. Opened over the page or form
 * the action came from, which stays as it was.
 */
export function ReauthenticationDialog({ needed, onDone }: Props) {
  const titleId = useId();
  const confirm = useConfirmIdentity();
  const withCode = needed.method === 'password-and-code';
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ password?: string; code?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  const cancel = () => {
    if (!confirm.isPending) onDone(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const missing = {
      ...(password ? {} : { password: 'Password: enter your password.' }),
      ...(withCode && !code.trim()
        ? { code: 'Code: enter the code your authenticator app shows.' }
        : {}),
    };
    if (missing.password || missing.code) {
      setErrors(missing);
      (missing.password ? passwordInput : codeInput).current?.focus();
      return;
    }
    setFormError(null);
    confirm.mutate(
      { password, ...(withCode ? { code: code.trim() } : {}) },
      {
        onSuccess: () => onDone(true),
        onError: (failure) => {
          const { fields, rest } = splitServerIssues(failure, ['password', 'code']);
          setErrors(fields);
          setFormError(rest);
          if (fields.password) passwordInput.current?.focus();
          else if (fields.code) codeInput.current?.focus();
        },
      },
    );
  };

  const title = `Confirm it’s you to ${needed.action}`;
  if (needed.method === 'single-sign-on') {
    return (
      <Dialog open onClose={cancel} aria-labelledby={titleId} maxWidth="xs" fullWidth>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            You signed in a while ago. Sign in at your single sign-on provider again, and you come
            back to this page to do it.
          </DialogContentText>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={cancel}>Cancel</Button>
          <Button
            variant="contained"
            href={`${SSO_CONFIRM_PATH}?returnTo=${encodeURIComponent(here())}`}
          >
            Sign in again
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog open onClose={cancel} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form noValidate onSubmit={submit}>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5}>
            <DialogContentText>
              {withCode
                ? 'You signed in a while ago. Enter your password and the code your authenticator app shows, then this goes ahead as you sent it.'
                : 'You signed in a while ago. Enter your password, then this goes ahead as you sent it.'}
            </DialogContentText>
            <FormAlert message={formError} />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(value) => {
                setPassword(value);
                setErrors((now) => ({ ...now, password: undefined }));
              }}
              error={errors.password}
              inputRef={passwordInput}
            />
            {withCode && (
              <CodeInput
                label="Authenticator code or recovery code"
                digitsOnly={false}
                value={code}
                onChange={(value) => {
                  setCode(value);
                  setErrors((now) => ({ ...now, code: undefined }));
                }}
                error={errors.code}
                inputRef={codeInput}
              />
            )}
          </Stack>
        </DialogContent>
        <FormDialogActions submitLabel="Confirm" pending={confirm.isPending} onCancel={cancel} />
      </form>
    </Dialog>
  );
}
