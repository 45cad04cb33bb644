import type { Permission } from '@ptd/contracts';
import {
  Suspense,
  useEffect,
  useLayoutEffect,
  useRef,
  type ComponentType,
  type ReactNode,
} from 'react';
import { LoadingState } from '@/components/loading-state.tsx';
import { useSession } from '@/lib/auth/session.ts';
import { documentTitle } from '@/lib/document-title.ts';
import { lazyRetrying, type LazyComponent } from '@/lib/lazy-retrying.tsx';
import { SignInPage } from '@/features/auth/components/sign-in-page.tsx';
import { NotFoundPage } from '@/components/not-found-page.tsx';
import { RouteErrorBoundary } from '@/components/route-error-boundary.tsx';
import { Route, Switch, useLocation, useRouter } from '@/lib/navigation.tsx';
import { RequirePermission } from './routes/require-permission.tsx';
import { RequireSession } from './routes/require-session.tsx';

/*
 * Every signed-in page is its own chunk, and so is the signed-in frame. The sign-in page is
 * part of the first chunk: it is usable after one round of fetches (the HTML names them all),
 * without the navigation drawer, menus, tables, date pickers or admin pages.
 */

/** A component from its own chunk, loaded again if it failed (see lib/lazy-retrying.tsx). */
function page<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyComponent<P> {
  return lazyRetrying(() => load().then((module) => module[name]));
}

// The signed-in pages show dates: the frame renders once they can be in the browser's language.
const AppShell = page(
  () =>
    Promise.all([
      import('./routes/app-shell.tsx'),
      import('@/lib/date-locale.ts').then((locale) => locale.loadDateLocale()),
    ]).then(([frame]) => frame),
  'AppShell',
);
const SetPasswordPage = page(
  () => import('@/features/account/components/set-password-page.tsx'),
  'SetPasswordPage',
);

interface SignedInPage {
  path: string;
  /** The document title. */
  title: string;
  Page: LazyComponent;
  /** Admin-only pages: the permission, and the page's name when it is refused. */
  requires?: { permission: Permission; name: string };
}

const signedInPages: SignedInPage[] = [
  {
    path: '/',
    title: 'Event overview',
    Page: page(
      () => import('@/features/insights/components/event-overview-page.tsx'),
      'EventOverviewPage',
    ),
  },
  {
    path: '/streams',
    title: 'Streams',
    Page: page(() => import('@/features/streams/components/streams-page.tsx'), 'StreamsPage'),
  },
  {
    path: '/streams/:streamId',
    title: 'Stream',
    Page: page(() => import('./routes/stream-overview-route.tsx'), 'StreamOverviewRoute'),
  },
  {
    path: '/tokens/new',
    title: 'Secure playback token',
    Page: page(
      () => import('@/features/tokens/components/create-token-page.tsx'),
      'CreateTokenPage',
    ),
  },
  {
    path: '/tokens/bulk',
    title: 'Create tokens in bulk',
    Page: page(
      () => import('@/features/tokens/components/bulk/bulk-create-page.tsx'),
      'BulkCreatePage',
    ),
    requires: { permission: 'createToken', name: 'Create in bulk' },
  },
  {
    path: '/tokens/bulk/:id',
    title: 'Tokens in bulk',
    Page: page(
      () => import('@/features/tokens/components/bulk/bulk-batch-page.tsx'),
      'BulkBatchPage',
    ),
    requires: { permission: 'createToken', name: 'Create in bulk' },
  },
  {
    path: '/tokens',
    title: 'Playback tokens',
    Page: page(
      () => import('@/features/tokens/components/overview/tokens-overview-page.tsx'),
      'TokensOverviewPage',
    ),
  },
  {
    path: '/policies',
    title: 'Playback policies',
    Page: page(() => import('@/features/policies/components/policies-page.tsx'), 'PoliciesPage'),
  },
  {
    path: '/inspector',
    title: 'Token inspector',
    Page: page(() => import('@/features/inspector/components/inspector-page.tsx'), 'InspectorPage'),
  },
  {
    path: '/staff',
    title: 'Staff',
    Page: page(() => import('@/features/staff/components/staff-page.tsx'), 'StaffPage'),
    requires: { permission: 'manageStaff', name: 'Staff' },
  },
  {
    path: '/account/sessions',
    title: 'Your sessions',
    Page: page(() => import('@/features/sessions/components/sessions-page.tsx'), 'SessionsPage'),
  },
  {
    path: '/account/password',
    title: 'Change password',
    Page: page(
      () => import('@/features/account/components/change-password-page.tsx'),
      'ChangePasswordPage',
    ),
  },
  {
    path: '/account/two-factor',
    title: 'Two-factor sign-in',
    Page: page(() => import('@/features/account/components/two-factor-page.tsx'), 'TwoFactorPage'),
  },
  {
    path: '/audit',
    title: 'Audit log',
    Page: page(() => import('@/features/audit/components/audit-page.tsx'), 'AuditPage'),
    requires: { permission: 'readAudit', name: 'the audit log' },
  },
];

/**
 * A signed-in page: the document title names it. A layout effect, so that a page naming itself
 * more precisely (useDocumentTitle, a passive effect) has the last word.
 */
function Titled({ title, children }: { title: string; children: ReactNode }) {
  useLayoutEffect(() => {
    document.title = documentTitle(title);
  }, [title]);
  return children;
}

/** The pages inside the signed-in frame. */
function SignedInRoutes() {
  return (
    <Switch>
      {signedInPages.map(({ path, title, Page, requires }) => (
        <Route key={path} path={path}>
          <Titled title={title}>
            {requires ? (
              <RequirePermission permission={requires.permission} title={requires.name}>
                <Page />
              </RequirePermission>
            ) : (
              <Page />
            )}
          </Titled>
        </Route>
      ))}
      <Route>
        <Titled title="Not found">
          <NotFoundPage />
        </Titled>
      </Route>
    </Switch>
  );
}

/**
 * The code of the frame and of the first signed-in page load together as soon as the session
 * check says someone is signed in; never for a visitor who is about to see the sign-in page.
 */
function usePreloadFirstPage() {
  const { parser } = useRouter();
  const first = useRef(useLocation().pathname);
  const signedIn = Boolean(useSession().data);
  useEffect(() => {
    if (!signedIn) return;
    const pathname = first.current;
    if (parser('/set-password').pattern.exec(pathname)) return;
    void AppShell.preload();
    const match = signedInPages.find(({ path }) => parser(path).pattern.exec(pathname));
    void match?.Page.preload();
  }, [parser, signedIn]);
}

/**
 * Sign-in, or the session guard around the signed-in frame and its pages. The Suspense
 * boundaries stay mounted across navigations, so a page change waits (with the frame's
 * progress bar) on the page being left instead of blanking it; the error boundaries show the
 * failure of one page inside the frame, and of anything else on the whole screen.
 */
export function AppRoutes() {
  usePreloadFirstPage();
  return (
    <RouteErrorBoundary>
      <Suspense fallback={<LoadingState label="Loading the dashboard…" fullPage />}>
        <Switch>
          <Route path="/sign-in">
            <SignInPage />
          </Route>
          {/* Public: a set-password link an admin handed out is all it needs. */}
          <Route path="/set-password">
            <SetPasswordPage />
          </Route>
          <Route>
            <RequireSession>
              <AppShell>
                <RouteErrorBoundary>
                  <Suspense fallback={<LoadingState label="Loading the page…" />}>
                    <SignedInRoutes />
                  </Suspense>
                </RouteErrorBoundary>
              </AppShell>
            </RequireSession>
          </Route>
        </Switch>
      </Suspense>
    </RouteErrorBoundary>
  );
}
