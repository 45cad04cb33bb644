import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { AppProviders } from '@/app/providers.tsx';
import { createQueryClient } from '@/lib/query-client.ts';
import { BrowserRouter, Route } from '@/lib/navigation.tsx';

/**
 * Renders `content` inside every app provider, a fresh QueryClient (no retries, nothing stale)
 * and the router, at `route` (jsdom's history: `window.location` and `window.history.state`
 * tell where it went).
 */
export function renderInApp(content: ReactElement, route: string) {
  const client = createQueryClient();
  const defaults = client.getDefaultOptions();
  client.setDefaultOptions({
    queries: { ...defaults.queries, retry: false, staleTime: Infinity },
    mutations: { ...defaults.mutations, retry: false },
  });
  window.history.replaceState(null, '', route);
  const user = userEvent.setup();
  const view = render(
    <AppProviders client={client}>
      <BrowserRouter>{content}</BrowserRouter>
    </AppProviders>,
  );
  return { ...view, user, client };
}

/** One component, as the route at `path` would show it. */
export function renderWithProviders(ui: ReactElement, { route = '/', path = '*' } = {}) {
  return renderInApp(<Route path={path}>{ui}</Route>, route);
}
