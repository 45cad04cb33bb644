import { SSO_SIGN_OUT_PATH } from '@ptd/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { AppLayout } from '@/components/layout/app-layout.tsx';
import { ReauthenticationHost } from '@/features/auth/components/reauthentication-host.tsx';
import { useNotifier } from '@/components/notifier.tsx';
import { ROLE_LABELS } from '@/lib/auth/roles.ts';
import { useSession, useSessionsOfOtherTabs, useSignOut } from '@/lib/auth/session.ts';
import { useCan } from '@/lib/auth/use-can.ts';
import { useForgetKeptOutOfReach } from '@/lib/kept-across-sign-in.ts';
import { navigate, useNavigationPending } from '@/lib/navigation.tsx';
import { navSections } from './nav-sections.tsx';

/** `on`, once it has been on for `delay` ms: a quick page change shows no progress bar. */
function useAfterDelay(on: boolean, delay: number) {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setLate(true), delay);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [on, delay]);
  return on && late;
}

/**
 * Catches up after an outage (lib/reconnect.ts). Loaded once the frame is up: no page needs it
 * to render, and it must be here before the connection goes.
 */
function useReconnect() {
  const client = useQueryClient();
  const { notify } = useNotifier();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let gone = false;
    void import('@/lib/reconnect.ts').then((module) => {
      if (!gone) stop = module.watchConnection(client, notify);
    });
    return () => {
      gone = true;
      stop?.();
    };
  }, [client, notify]);
}

/** The signed-in frame around every page (rendered inside the session guard). */
export function AppShell({ children }: { children: ReactNode }) {
  useReconnect();
  useSessionsOfOtherTabs();
  useForgetKeptOutOfReach();
  const session = useSession().data;
  const signOut = useSignOut();
  const can = useCan();
  const loadingPage = useAfterDelay(useNavigationPending(), 100);
  if (!session) return null;
  return (
    <AppLayout
      organisationName={session.organisation.name}
      user={{
        displayName: session.user.displayName,
        email: session.user.email,
        roleLabel: ROLE_LABELS[session.user.role],
        singleSignOn: session.singleSignOn,
      }}
      sections={navSections(can)}
      signingOut={signOut.isPending}
      onSignOut={() =>
        signOut.mutate(undefined, {
          // After a single sign-on, sign out at the identity provider too (it sends us back).
          onSettled: () =>
            session.singleSignOn
              ? window.location.assign(SSO_SIGN_OUT_PATH)
              : navigate('/sign-in', { replace: true }),
        })
      }
      busy={loadingPage}
    >
      {children}
      <ReauthenticationHost />
    </AppLayout>
  );
}
