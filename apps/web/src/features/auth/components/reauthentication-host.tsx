import { Suspense, useEffect, useRef, useState } from 'react';
import { useIdlePreload } from '@/components/idle-warm-up.ts';
import { handleReauthentication, type Reauthentication } from '@/lib/api-client.ts';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';

/** Its own chunk: no page needs it to render, and the sign-in page never loads it. */
const ReauthenticationDialog = lazyRetrying(() =>
  import('./reauthentication-dialog.tsx').then((module) => module.ReauthenticationDialog),
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
  const waiting = useRef<Promise<boolean> | null>(null);
  useIdlePreload(ReauthenticationDialog.preload);
  useEffect(
    () =>
      handleReauthentication((needed) => {
        waiting.current ??= new Promise<boolean>((resolve) => {
          setAsked({
            needed,
            settle: (confirmed) => {
              waiting.current = null;
              setAsked(null);
              resolve(confirmed);
            },
          });
        });
        return waiting.current;
      }),
    [],
  );
  if (!asked) return null;
  return (
    <Suspense fallback={null}>
      <ReauthenticationDialog needed={asked.needed} onDone={asked.settle} />
    </Suspense>
  );
}
