import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../app/providers.tsx';
import { appRoutes } from '../app/router.tsx';
import { watchSessionExpiry } from '../app/session-expiry.ts';
import { createQueryClient } from '../lib/query-client.ts';

/** The whole app (every route, the session guard, the shell) at `route`, in memory. */
export function renderApp(route = '/') {
  const client = createQueryClient();
  client.setDefaultOptions({
    queries: { retry: false, staleTime: Infinity },
    mutations: { retry: false },
  });
  const stopWatching = watchSessionExpiry(client);
  const router = createMemoryRouter(appRoutes, { initialEntries: [route] });
  const user = userEvent.setup();
  const view = render(
    <AppProviders client={client}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, user, client, router, stopWatching };
}
