import { useEffect } from 'react';
import { Outlet, useMatches, useNavigate, useNavigation } from 'react-router';
import { AppLayout } from '../../components/layout/app-layout.tsx';
import { useSession, useSignOut } from '../../features/auth/api/session.ts';
import { navSections, ROLE_LABELS } from './nav-sections.tsx';

export interface RouteHandle {
  title?: string;
}

/** The page title follows the deepest route that names one. */
function useDocumentTitle() {
  const matches = useMatches();
  const title = [...matches]
    .reverse()
    .map((match) => (match.handle as RouteHandle | undefined)?.title)
    .find(Boolean);
  useEffect(() => {
    document.title = title ? `${title} · nanoStream Cloud` : 'Playback Tokens · nanoStream Cloud';
  }, [title]);
}

/** The signed-in frame around every page (rendered inside the session guard). */
export function AppShell() {
  const session = useSession().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const navigation = useNavigation();
  useDocumentTitle();
  if (!session) return null;
  return (
    <AppLayout
      organisationName={session.organisation.name}
      user={{
        displayName: session.user.displayName,
        email: session.user.email,
        roleLabel: ROLE_LABELS[session.user.role],
      }}
      sections={navSections(session.user.role)}
      signingOut={signOut.isPending}
      onSignOut={() =>
        signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) })
      }
      busy={navigation.state !== 'idle'}
    >
      <Outlet />
    </AppLayout>
  );
}
