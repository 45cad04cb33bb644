import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
} from '@mui/material';
import {
  isSsoConfirmOutcome,
  SSO_CONFIRM_MESSAGE,
  SSO_CONFIRM_PARAM,
  SSO_CONFIRM_PATH,
  type Session,
  type SsoConfirmFailure,
} from '@ptd/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { FormAlert } from '@/components/form-alert.tsx';
import { FormDialogActions } from '@/components/form-dialog-actions.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { PasswordInput } from '@/components/password-input.tsx';
import { CodeInput } from '@/components/two-factor/code-input.tsx';
import type { Reauthentication } from '@/lib/api-client.ts';
import { sessionQueryOptions } from '@/lib/auth/session.ts';
import { useSearchParams } from '@/lib/navigation.tsx';
import { splitServerIssues } from '@/lib/server-issues.ts';
import { useConfirmIdentity } from '../api/confirm-identity.ts';
import { useSignInOptions } from '../api/sign-in-options.ts';
import { markSsoConfirmInTab } from '../sso-confirm-in-tab.ts';

interface Props {
  needed: Reauthentication;
  /** true: confirmed, the request goes again; false: closed, nothing is done. */
  onDone: (confirmed: boolean) => void;
}

/** Where a single sign-on account comes back to: this page, as it is. */
const here = () => `${window.location.pathname}${window.location.search}`;
const confirmUrl = () => `${SSO_CONFIRM_PATH}?returnTo=${encodeURIComponent(here())}`;
const SOME_PROVIDER = 'your single sign-on provider';
/** How often the dialog looks whether the sign-in window is still open. */
const WATCH_MS = 500;

/** Why a confirmation at the provider did not confirm, in the person's words. */
const failureMessage = (outcome: SsoConfirmFailure, provider: string) =>
  ({
    'another-account': `You signed in at ${provider} as another account than the one signed in here. Sign in there as yourself (sign out at ${provider} first if it picks the other account by itself), then try again.`,
    'provider-refused': `${provider} did not sign you in: the sign-in was cancelled or refused there. Try again.`,
    'provider-unavailable': `${provider} could not be reached. Try again in a moment.`,
    'session-ended': 'Your session on this dashboard ended meanwhile. Sign in again.',
    expired:
      'The sign-in took longer than ten minutes, or was started again in another tab. Try again.',
    'not-verified': `${provider}’s answer could not be verified, so nothing was confirmed. Try again; if it keeps failing, ask an admin to check the single sign-on settings.`,
    'rate-limited': 'Too many sign-ins from here in a short time. Wait a minute, then try again.',
    'server-error': 'Something went wrong on the dashboard server. Try again in a moment.',
  })[outcome];

type Step =
  | { at: 'start' }
  | { at: 'waiting' }
  | { at: 'failed'; message: string }
  /** The browser opened no window: the provider in this tab instead. */
  | { at: 'blocked' };

/**
 * A single sign-on account confirms in a window of the provider's sign-in, over this page:
 * the page and its form stay as they were, and the request goes again once the window says
 * so. The window's word is only a cue: the server judges the request sent again by the
 * session's proof. Where no window opens, the provider's sign-in in this tab (the entries on
 * the page are lost; the page says how it went when it opens again).
 */
function SingleSignOnConfirmation({ needed, titleId, onDone }: Props & { titleId: string }) {
  const provider = needed.provider ?? SOME_PROVIDER;
  const [step, setStep] = useState<Step>({ at: 'start' });
  const popup = useRef<Window | null>(null);

  const signIn = () => {
    const opened = window.open(
      `${confirmUrl()}&popup=1`,
      'ptd-sso-confirm',
      'popup,width=520,height=680',
    );
    if (!opened) {
      setStep({ at: 'blocked' });
      return;
    }
    popup.current = opened;
    setStep({ at: 'waiting' });
  };
  const cancel = () => {
    popup.current?.close();
    popup.current = null;
    onDone(false);
  };

  useEffect(() => {
    const opened = popup.current;
    if (step.at !== 'waiting' || !opened) return;
    const heard = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== opened) return;
      const data = event.data as { type?: unknown; outcome?: unknown } | null;
      if (data?.type !== SSO_CONFIRM_MESSAGE) return;
      popup.current = null;
      const outcome = isSsoConfirmOutcome(data.outcome) ? data.outcome : 'not-verified';
      if (outcome === 'confirmed') onDone(true);
      else setStep({ at: 'failed', message: failureMessage(outcome, provider) });
    };
    window.addEventListener('message', heard);
    // Closed twice in a row: the window's last word, sent as it closes, may still be on its way.
    let closedBefore = false;
    const watch = window.setInterval(() => {
      if (!opened.closed) return;
      if (closedBefore) {
        popup.current = null;
        setStep({
          at: 'failed',
          message: `The sign-in window was closed before ${provider} confirmed it’s you. Sign in again, or cancel.`,
        });
      }
      closedBefore = true;
    }, WATCH_MS);
    return () => {
      window.removeEventListener('message', heard);
      window.clearInterval(watch);
    };
  }, [step.at, provider, onDone]);

  // The dialog goes (confirmed elsewhere, the session ended): so does its window.
  useEffect(() => () => popup.current?.close(), []);

  const title = `Confirm it’s you to ${needed.action}`;
  return (
    <Dialog open onClose={cancel} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          {step.at === 'waiting' ? (
            <Stack direction="row" spacing={2} alignItems="center" role="status">
              <CircularProgress size={24} aria-hidden />
              <DialogContentText>
                Waiting for you to sign in at {provider} in the window that opened…
              </DialogContentText>
            </Stack>
          ) : step.at === 'blocked' ? (
            <DialogContentText>
              Your browser did not open the sign-in window. Sign in at {provider} in this tab
              instead: you come back to this page, but your entries on this page will be lost.
            </DialogContentText>
          ) : (
            <DialogContentText>
              You signed in a while ago. Sign in at {provider} again in the window that opens, then
              this goes ahead as you sent it.
            </DialogContentText>
          )}
          {step.at === 'failed' && <FormAlert message={step.message} />}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={cancel}>Cancel</Button>
        {step.at === 'blocked' ? (
          <Button variant="contained" href={confirmUrl()} onClick={markSsoConfirmInTab}>
            Sign in in this tab
          </Button>
        ) : step.at === 'waiting' ? (
          <Button onClick={() => popup.current?.focus()}>Show the sign-in window</Button>
        ) : (
          <Button variant="contained" onClick={signIn}>
            {step.at === 'failed' ? 'Try again' : 'Sign in again'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** Whether the server says the session's proof of the person is recent now. */
const provedRecently = (session: Session | null) =>
  session?.proofValidUntil !== undefined &&
  Date.parse(session.serverTime) < Date.parse(session.proofValidUntil);

/**
 * The page opened again after a confirmation in this tab (no window could open): says how it
 * went, once, and takes the outcome off the address. Any site may link here with an outcome:
 * it is said only when this tab left for the confirmation (`started`), and `confirmed` only
 * when the session, asked afresh, has a recent proof.
 */
export function SsoConfirmOutcomeNotice({ started }: { started: boolean }) {
  const [params, setParams] = useSearchParams();
  const { notify } = useNotifier();
  const options = useSignInOptions();
  const queryClient = useQueryClient();
  const outcome = params.get(SSO_CONFIRM_PARAM);
  useEffect(() => {
    if (outcome === null || options.isPending) return;
    // Without `started`, a link from anywhere: this tab started no confirmation.
    if (started && outcome === 'confirmed') {
      void queryClient
        .fetchQuery({ ...sessionQueryOptions(), staleTime: 0 })
        .then((session) => {
          if (provedRecently(session)) notify('Confirmed: it’s you. Send it again.', 'success');
        })
        .catch(() => undefined);
    } else if (started) {
      const known = isSsoConfirmOutcome(outcome) && outcome !== 'confirmed';
      notify(
        `Not confirmed. ${failureMessage(known ? outcome : 'not-verified', options.data?.sso?.name ?? SOME_PROVIDER)}`,
        'error',
      );
    }
    setParams(
      (now) => {
        now.delete(SSO_CONFIRM_PARAM);
        return now;
      },
      { replace: true },
    );
  }, [outcome, started, options.isPending, options.data, notify, setParams, queryClient]);
  return null;
}

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
    return <SingleSignOnConfirmation needed={needed} titleId={titleId} onDone={onDone} />;
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
