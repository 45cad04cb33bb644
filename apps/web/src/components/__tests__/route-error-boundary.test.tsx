import { act, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';
import { renderWithProviders } from '@/testing/render.tsx';
import { RouteErrorBoundary } from '../route-error-boundary.tsx';

const NOT_FETCHED = new TypeError(
  'Failed to fetch dynamically imported module: http://127.0.0.1/assets/audit-page.js',
);

/** A page whose code cannot be fetched until `fetchable` is set. */
function pageBehindTheNetwork() {
  const network = { fetchable: false, fetches: 0 };
  const Page = lazyRetrying(async () => {
    network.fetches += 1;
    if (!network.fetchable) throw NOT_FETCHED;
    return () => <h1>Audit Log</h1>;
  });
  const view = renderWithProviders(
    <RouteErrorBoundary>
      <Suspense fallback="Loading the page…">
        <Page />
      </Suspense>
    </RouteErrorBoundary>,
  );
  return { ...view, network };
}

const onLine = vi.spyOn(navigator, 'onLine', 'get');

function goOnline(online: boolean) {
  onLine.mockReturnValue(online);
  if (online) act(() => window.dispatchEvent(new Event('online')));
}

afterEach(() => onLine.mockReset());

describe('A page whose code could not be fetched while offline', () => {
  it('should load by itself once the browser is back online', async () => {
    // React reports the caught error on the console.
    vi.mocked(console.error).mockImplementation(() => {});
    goOnline(false);
    const { network } = pageBehindTheNetwork();
    expect(await screen.findByText('No connection')).toBeVisible();
    expect(
      screen.getByText(
        'This page could not be loaded: the browser is offline. It loads by itself once the connection is back.',
      ),
    ).toBeVisible();
    // Fetched once, not again and again while offline.
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(network.fetches).toBe(1);

    network.fetchable = true;
    goOnline(true);
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit Log' })).toBeVisible();
    expect(screen.queryByText('The dashboard was updated')).not.toBeInTheDocument();
  });

  it('should fetch it again on "Try again"', async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    goOnline(false);
    const { user, network } = pageBehindTheNetwork();
    await user.click(await screen.findByRole('button', { name: 'Try again' }));
    // Still offline: still says so, having tried.
    expect(await screen.findByText('No connection')).toBeVisible();
    const tried = network.fetches;
    expect(tried).toBeGreaterThan(1);

    network.fetchable = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit Log' })).toBeVisible();
  });
});
