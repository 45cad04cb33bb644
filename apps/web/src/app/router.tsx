import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { LoadingState } from '../components/loading-state.tsx';
import { NotFoundPage } from '../components/not-found-page.tsx';
import { RouteErrorBoundary } from '../components/route-error-boundary.tsx';
import { RequirePermission } from './routes/require-permission.tsx';
import { RequireSession } from './routes/require-session.tsx';

/*
 * Every page is its own chunk (route `lazy`), and so is the signed-in frame: the sign-in page
 * loads without the navigation drawer, tables, date pickers or admin pages.
 */

const page = <T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T) => ({
  lazy: async () => ({ Component: (await load())[name] as ComponentType }),
  ErrorBoundary: RouteErrorBoundary,
});

export const appRoutes: RouteObject[] = [
  {
    id: 'root',
    ErrorBoundary: RouteErrorBoundary,
    HydrateFallback: () => <LoadingState label="Loading the dashboard…" fullPage />,
    children: [
      {
        path: '/sign-in',
        handle: { title: 'Sign in' },
        ...page(() => import('../features/auth/components/sign-in-page.tsx'), 'SignInPage'),
      },
      {
        element: <RequireSession />,
        children: [
          {
            ...page(() => import('./routes/app-shell.tsx'), 'AppShell'),
            children: [
              { index: true, element: <Navigate to="/streams" replace /> },
              {
                path: 'streams',
                handle: { title: 'Streams' },
                ...page(
                  () => import('../features/streams/components/streams-page.tsx'),
                  'StreamsPage',
                ),
              },
              {
                path: 'streams/:streamId',
                handle: { title: 'Stream' },
                ...page(() => import('./routes/stream-overview-route.tsx'), 'StreamOverviewRoute'),
              },
              {
                path: 'tokens/new',
                handle: { title: 'Secure Playback Token' },
                ...page(
                  () => import('../features/tokens/components/create-token-page.tsx'),
                  'CreateTokenPage',
                ),
              },
              {
                path: 'tokens',
                handle: { title: 'Playback Tokens' },
                ...page(
                  () => import('../features/tokens/components/overview/tokens-overview-page.tsx'),
                  'TokensOverviewPage',
                ),
              },
              {
                path: 'policies',
                handle: { title: 'Playback Policies' },
                ...page(
                  () => import('../features/policies/components/policies-page.tsx'),
                  'PoliciesPage',
                ),
              },
              {
                path: 'inspector',
                handle: { title: 'Token Inspector' },
                ...page(
                  () => import('../features/inspector/components/inspector-page.tsx'),
                  'InspectorPage',
                ),
              },
              {
                path: 'staff',
                handle: { title: 'Staff' },
                element: <RequirePermission permission="manageStaff" title="Staff" />,
                children: [
                  {
                    index: true,
                    ...page(
                      () => import('../features/staff/components/staff-page.tsx'),
                      'StaffPage',
                    ),
                  },
                ],
              },
              {
                path: 'audit',
                handle: { title: 'Audit Log' },
                element: <RequirePermission permission="readAudit" title="the Audit Log" />,
                children: [
                  {
                    index: true,
                    ...page(
                      () => import('../features/audit/components/audit-page.tsx'),
                      'AuditPage',
                    ),
                  },
                ],
              },
              {
                path: '*',
                handle: { title: 'Not found' },
                Component: NotFoundPage,
              },
            ],
          },
        ],
      },
    ],
  },
];

export const createAppRouter = () => createBrowserRouter(appRoutes);
