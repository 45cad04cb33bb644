import { Alert, Typography } from '@mui/material';
import {
  isSsoErrorCode,
  SSO_CONFIRM_MESSAGE,
  ssoConfirmFailureOf,
  type PendingSignIn,
  type Session,
} from '@ptd/contracts';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';
import { navigate, Redirect, useLocation } from '@/lib/navigation.tsx';
import { LoadingState } from '@/components/loading-state.tsx';
import { PublicPage } from '@/components/public-page.tsx';
import { abandonSignIn, hasPendingSignIn, useSession, useSignedIn } from '@/lib/auth/session.ts';
import { useSignInOptions } from '../api/sign-in-options.ts';
import { safeReturnTo, type SignInLocationState } from '../return-to.ts';
import { SignInForm } from './sign-in-form.tsx';

// Only sign-ins that need a code, two-factor set up or a new password load these steps.
const SignInSteps = lazyRetrying(() =>
  import('./sign-in-steps.tsx').then((module) => module.SignInSteps),
);

// Only where single sign-on is configured (or has just failed).
const SingleSignOn = lazyRetrying(() =>
  import('./single-sign-on.tsx').then((module) => module.SingleSignOn),
);

type Step = { kind: 'password'; notice?: string } | { kind: 'more'; pending: PendingSignIn | null };

/**
 * The dashboard page that opened this window, when it is this dashboard's: only the "Confirm
 * it's you" dialog opens one, for a single sign-on in a popup.
 */
function dashboardOpener(): Window | null {
  try {
    const opener = window.opener as Window | null;
    return opener && !opener.closed && opener.location.origin === window.location.origin
      ? opener
      : null;
  } catch {
    return null; // Another site's window.
  }
}

/** The way in. Signed-in visitors go straight on to where they were heading. */
export function SignInPage() {
  const session = useSession();
  const location = useLocation();
  const state = location.state as SignInLocationState | null;
  const returnTo = safeReturnTo(state?.from);
  const signedIn = useSignedIn();
  const options = useSignInOptions();
  const ssoError = new URLSearchParams(location.search).get('sso-error');
  // A confirmation in a popup whose answer could not be told for one (its cookies gone) lands
  // here: the dialog that opened the window hears that it failed, and the window closes. Only a
  // failure is said: a session is proved by the server alone.
  const [opener] = useState(() => (ssoError ? dashboardOpener() : null));
  useEffect(() => {
    if (!opener || !ssoError) return;
    const outcome = isSsoErrorCode(ssoError) ? ssoConfirmFailureOf(ssoError) : 'not-verified';
    opener.postMessage({ type: SSO_CONFIRM_MESSAGE, outcome }, window.location.origin);
    window.close();
  }, [opener, ssoError]);
  const [step, setStep] = useState<Step>(() =>
    hasPendingSignIn()
      ? { kind: 'more', pending: null }
      : { kind: 'password', notice: state?.notice },
  );
  useEffect(() => {
    document.title = 'Sign in · nanoStream Cloud';
  }, []);
  // A session check after the page opened may find a sign-in half done (another tab).
  useEffect(() => {
    if (session.isSuccess && !session.data && hasPendingSignIn() && step.kind === 'password') {
      setStep({ kind: 'more', pending: null });
    }
  }, [session.isSuccess, session.data, step.kind]);
  const restart = useCallback((notice?: string) => {
    abandonSignIn();
    setStep(notice ? { kind: 'password', notice } : { kind: 'password' });
  }, []);
  const finish = (done: Session) => {
    signedIn(done);
    navigate(returnTo, { replace: true });
  };

  if (opener) return <LoadingState label="Telling the dashboard…" fullPage />;
  if (session.isPending || options.isPending)
    return <LoadingState label="Checking your session…" fullPage />;
  if (session.data) return <Redirect to={returnTo} replace />;

  return (
    <PublicPage
      // Wider for the later steps: the QR code and its key sit side by side.
      maxWidth={step.kind === 'more' ? 560 : 420}
      footer={
        <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center' }}>
          No account yet? Ask an admin of your organisation to add you.
        </Typography>
      }
    >
      {step.kind === 'more' ? (
        <Suspense fallback={<LoadingState label="Loading the next step…" />}>
          <SignInSteps pending={step.pending} onSignedIn={finish} onRestart={restart} />
        </Suspense>
      ) : (
        <>
          <Typography variant="h1" gutterBottom>
            Sign in
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 3 }}>
            Create and manage secure playback tokens for your nanoStream Cloud live streams.
          </Typography>
          {step.notice && (
            <Alert severity="warning" sx={{ mb: 3 }}>
              {step.notice}
            </Alert>
          )}
          {(options.data?.sso || ssoError) && (
            <Suspense fallback={null}>
              <SingleSignOn
                providerName={options.data?.sso?.name ?? null}
                error={ssoError}
                returnTo={returnTo}
                passwordToo={options.data?.password !== false}
              />
            </Suspense>
          )}
          {options.data?.password !== false && (
            <SignInForm
              returnTo={returnTo}
              onPending={(pending) => setStep({ kind: 'more', pending })}
            />
          )}
        </>
      )}
    </PublicPage>
  );
}
