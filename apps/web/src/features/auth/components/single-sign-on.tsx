import LoginIcon from '@mui/icons-material/Login';
import { Alert, Button, Divider, Stack } from '@mui/material';
import { isSsoErrorCode, SSO_ERRORS, SSO_START_PATH } from '@ptd/contracts';

/**
 * "Sign in with <provider>" and, after a failed single sign-on, why. The button is a link: the
 * browser itself goes to the provider and comes back, no fetch is involved. Loaded only where
 * single sign-on is configured or has just failed.
 */
export function SingleSignOn({
  providerName,
  error,
  returnTo,
  passwordToo,
}: {
  providerName: string | null;
  /** `sso-error` of the address, as the BFF's callback sent it. */
  error: string | null;
  returnTo: string;
  /** The password form follows: a divider separates the two ways. */
  passwordToo: boolean;
}) {
  const message =
    error === null
      ? null
      : isSsoErrorCode(error)
        ? SSO_ERRORS[error]
        : SSO_ERRORS['provider-refused'];
  return (
    <Stack spacing={2.5} sx={{ mb: passwordToo ? 2.5 : 0 }}>
      {message && (
        <Alert severity="error" role="alert">
          {message}
        </Alert>
      )}
      {providerName && (
        <Button
          href={`${SSO_START_PATH}?${new URLSearchParams({ returnTo })}`}
          variant={passwordToo ? 'outlined' : 'contained'}
          size="large"
          startIcon={<LoginIcon />}
        >
          Sign in with {providerName}
        </Button>
      )}
      {providerName && passwordToo && <Divider>or with your password</Divider>}
    </Stack>
  );
}
