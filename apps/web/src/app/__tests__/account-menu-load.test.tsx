import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as AccountMenuListModule from '@/components/layout/account-menu-list.tsx';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

// The account menu's list is fetched apart from the page: here its code cannot be fetched
// until `network.fetchable`, failing as `network.failure` says.
const CHUNK = `${window.location.origin}/assets/account-menu-list-old.js`;
const network = vi.hoisted(() => {
  const state = {
    fetchable: false,
    failure: '',
    notFetched: () =>
      new TypeError(`Failed to fetch dynamically imported module: ${state.failure}`),
  };
  return state;
});
// (An error thrown by a mock's factory reaches the importer wrapped by vitest, and the module
// is asked for once: its exports fail instead, each time they are read.)
vi.mock('@/components/layout/account-menu-list.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof AccountMenuListModule>();
  return {
    get AccountMenuList() {
      if (!network.fetchable) throw network.notFetched();
      return real.AccountMenuList;
    },
  };
});

const onLine = vi.spyOn(navigator, 'onLine', 'get');
afterEach(() => onLine.mockReset());

const avatar = () => screen.findByRole('button', { name: 'Account: Ada admin, Admin' });

// One test: a component whose code was fetched stays fetched for the rest of the file.
describe('The account menu whose code cannot be fetched', () => {
  it('says so where it opens and keeps the page; Reload after a deployment, Try again, Close', async () => {
    // React reports the caught error on the console.
    vi.mocked(console.error).mockImplementation(() => {});
    onLine.mockReturnValue(true);
    network.failure = CHUNK;
    server.use(http.head(CHUNK, () => new HttpResponse(null, { status: 404 })));
    const { user } = renderApp('/streams');
    const search = await screen.findByRole('searchbox', { name: 'Search by name' });
    await user.type(search, 'Cup');

    // A deployment removed the chunk this tab points at: reload the page.
    await user.click(await avatar());
    const updated = await screen.findByRole('alert');
    await waitFor(() =>
      expect(updated).toHaveTextContent(
        'The account menu could not be loaded: the dashboard was updated. Reload the page to get the new version',
      ),
    );
    // The page behind is as it was, not the route's error view.
    expect(screen.getByRole('heading', { level: 1, name: 'Streams' })).toBeVisible();
    expect(search).toHaveValue('Cup');
    expect(screen.queryByText('This page could not be loaded')).not.toBeInTheDocument();
    const reload = vi.fn();
    const location = vi
      .spyOn(window, 'location', 'get')
      .mockReturnValue({ ...window.location, reload });
    await user.click(within(updated).getByRole('button', { name: 'Reload' }));
    location.mockRestore();
    expect(reload).toHaveBeenCalled();
    await user.click(within(updated).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());

    // Offline: opened again, it tries again and says so.
    onLine.mockReturnValue(false);
    network.failure = '';
    await user.click(await avatar());
    const offline = await screen.findByRole('alert');
    expect(offline).toHaveTextContent(
      'The account menu could not be loaded: the browser is offline. Try again once the connection is back.',
    );
    expect(screen.queryByText('No connection')).not.toBeInTheDocument();
    expect(within(offline).getByRole('button', { name: 'Try again' })).toHaveFocus();
    await user.click(within(offline).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/browser is offline/);

    // Back: Try again opens it, the page still as it was.
    onLine.mockReturnValue(true);
    network.fetchable = true;
    await user.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('menuitem', { name: 'Your sessions' })).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(search).toHaveValue('Cup');
  });
});
