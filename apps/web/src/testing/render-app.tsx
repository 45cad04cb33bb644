import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppProviders } from '@/app/providers.tsx';
import { AppRoutes } from '@/app/router.tsx';
import { createQueryClient } from '@/lib/query-client.ts';
import { BrowserRouter } from '@/lib/navigation.tsx';

/**
 * The whole app (every route, the session guard, the shell) at `route`, on jsdom's history:
 * `window.location` and `window.history.state` tell where it went.
 */
export function renderApp(route = '/') {
  const client = createQueryClient();
  client.setDefaultOptions({
    queries: { retry: false, staleTime: Infinity },
    mutations: { retry: false },
  });
  window.history.replaceState(null, '', route);
  const user = userEvent.setup();
  const view = render(
    <AppProviders client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>,
  );
  return { ...view, user, client };
}
