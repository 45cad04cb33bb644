import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { AppProviders } from '@/app/providers.tsx';
import { createQueryClient } from '@/lib/query-client.ts';
import { BrowserRouter, Route } from '@/lib/navigation.tsx';

/**
 * Renders a component inside every app provider, a fresh QueryClient and the router, at
 * `route` (jsdom's history: `window.location` and `window.history.state` tell where it went).
 */
export function renderWithProviders(ui: ReactElement, { route = '/', path = '*' } = {}) {
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
        <Route path={path}>{ui}</Route>
      </BrowserRouter>
    </AppProviders>,
  );
  return { ...view, user, client };
}
