import { SSO_CONFIRM_PARAM } from '@ptd/contracts';
import { Suspense, useEffect, useRef, useState } from 'react';
import { useIdlePreload } from '@/components/idle-warm-up.ts';
import { LoadFailureBoundary } from '@/components/load-failure-boundary.tsx';
import { LoadFailureDialog } from '@/components/load-failure-dialog.tsx';
import { handleReauthentication, type Reauthentication } from '@/lib/api-client.ts';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';
import { takeSsoConfirmInTab } from '../sso-confirm-in-tab.ts';

/** Its own chunk: no page needs it to render, and the sign-in page never loads it. */
const ReauthenticationDialog = lazyRetrying(() =>
  import('./reauthentication-dialog.tsx').then((module) => module.ReauthenticationDialog),
);
/** In the same chunk: what a page opened again after confirming in this tab says. */
const SsoConfirmOutcomeNotice = lazyRetrying(() =>
  import('./reauthentication-dialog.tsx').then((module) => module.SsoConfirmOutcomeNotice),
);

interface Asked {
  needed: Reauthentication;
  settle: (confirmed: boolean) => void;
}

/**
 * Answers every `reauthentication-required` of the signed-in pages with one dialog: requests
 * refused at the same moment wait for the same confirmation, then each is sent again.
 */
export function ReauthenticationHost() {
  const [asked, setAsked] = useState<Asked | null>(null);
  // With an outcome in the address: whether this tab left for that confirmation (read once).
  const [landed] = useState(() =>
    new URLSearchParams(window.location.search).has(SSO_CONFIRM_PARAM)
      ? { started: takeSsoConfirmInTab() }
      : null,
  );
  const waiting = useRef<{ answer: Promise<boolean>; settle: (confirmed: boolean) => void }>(null);
  useIdlePreload(ReauthenticationDialog.preload);
  useEffect(() => {
    const stop = handleReauthentication((needed) => {
      if (!waiting.current) {
        let settle: (confirmed: boolean) => void = () => {};
        const answer = new Promise<boolean>((resolve) => {
          settle = (confirmed) => {
            waiting.current = null;
            setAsked(null);
            resolve(confirmed);
          };
        });
        waiting.current = { answer, settle };
        setAsked({ needed, settle });
      }
      return waiting.current.answer;
    });
    return () => {
      stop();
      // The signed-in frame goes (the session ended): nothing is sent again.
      waiting.current?.settle(false);
    };
  }, []);
  // Their code not fetched (offline, a deployment that removed it): the page behind stays as it
  // was; the dialog opens saying so (Cancel leaves the action undone, as closing it would), and
  // Try again, or the next request that asks, fetches it again.
  return (
    <>
      {landed && (
        <LoadFailureBoundary fallback={() => null}>
          <Suspense fallback={null}>
            <SsoConfirmOutcomeNotice started={landed.started} />
          </Suspense>
        </LoadFailureBoundary>
      )}
      {asked && (
        <LoadFailureBoundary
          resetKey={asked}
          fallback={(failure) => (
            <LoadFailureDialog
              title={`Confirm it’s you to ${asked.needed.action}`}
              what="This step"
              failure={failure}
              onCancel={() => asked.settle(false)}
            />
          )}
        >
          <Suspense fallback={null}>
            <ReauthenticationDialog needed={asked.needed} onDone={asked.settle} />
          </Suspense>
        </LoadFailureBoundary>
      )}
    </>
  );
}
