import { act, screen } from '@testing-library/react';
import { useQueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { Suspense, useEffect, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { api } from '@/lib/api-client.ts';
import { lazyRetrying } from '@/lib/lazy-retrying.tsx';
import { watchConnection } from '@/lib/reconnect.ts';
import { PROBE_MS } from '@/lib/why-not-loaded.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { useNotifier } from '../notifier.tsx';
import { RouteErrorBoundary } from '../route-error-boundary.tsx';

const NOT_FETCHED = new TypeError(
  'Failed to fetch dynamically imported module: http://127.0.0.1/assets/audit-page.js',
);

/** A page whose code cannot be fetched until `fetchable` is set. */
function pageBehindTheNetwork(failure: Error = NOT_FETCHED) {
  const network = { fetchable: false, fetches: 0 };
  const Page = lazyRetrying(async () => {
    network.fetches += 1;
    if (!network.fetchable) throw failure;
    return () => <h1>Audit log</h1>;
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
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
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
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  });
});

describe('A page whose code could not be fetched while the browser is online', () => {
  const CHUNK = `${window.location.origin}/assets/audit-page.js`;
  const notFetched = () => new TypeError(`Failed to fetch dynamically imported module: ${CHUNK}`);
  const INDEX = '<script type="module" crossorigin src="/assets/index-1.js"></script>';

  /** The dashboard server, or what answers in its place, for the chunk and the index. */
  function serve(answer: { chunk: () => Response; index: () => Response }) {
    server.use(http.head(CHUNK, answer.chunk), http.get('/', answer.index));
  }
  const stopped = () => HttpResponse.error();
  const nginx502 = () =>
    new HttpResponse('<html><body><h1>502 Bad Gateway</h1></body></html>', {
      status: 502,
      headers: { 'content-type': 'text/html' },
    });
  const ok = () => new HttpResponse(null, { status: 200 });
  const index = (html: string) => () =>
    new HttpResponse(html, { headers: { 'content-type': 'text/html' } });

  const entry = document.createElement('script');
  entry.type = 'module';
  entry.setAttribute('src', '/assets/index-1.js');
  beforeEach(() => {
    onLine.mockReturnValue(true);
    document.head.append(entry);
  });
  afterEach(() => {
    entry.remove();
    vi.useRealTimers();
  });

  it.each([
    ['the server is stopped', stopped],
    ['a reverse proxy answers its 502 page', nginx502],
  ])(
    'should say that the server cannot be reached when %s, and load the page once it answers',
    async (_, answer) => {
      vi.mocked(console.error).mockImplementation(() => {});
      vi.useFakeTimers({ shouldAdvanceTime: true });
      serve({ chunk: answer, index: answer });
      const { network } = pageBehindTheNetwork(notFetched());
      expect(await screen.findByText('The dashboard server cannot be reached')).toBeVisible();
      expect(
        screen.getByText(
          'This page could not be loaded: the dashboard server does not answer. It loads by itself once the server is back.',
        ),
      ).toBeVisible();
      expect(screen.queryByText('The dashboard was updated')).not.toBeInTheDocument();

      // Still stopped: asked again, still said.
      await act(() => vi.advanceTimersByTimeAsync(PROBE_MS));
      expect(screen.getByText('The dashboard server cannot be reached')).toBeVisible();

      // The server is back with the same version: no click.
      serve({ chunk: ok, index: index(INDEX) });
      network.fetchable = true;
      await act(() => vi.advanceTimersByTimeAsync(PROBE_MS));
      expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    },
  );

  it("should say the dashboard was updated when the page's file is gone", async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    serve({ chunk: () => new HttpResponse(null, { status: 404 }), index: index(INDEX) });
    pageBehindTheNetwork(notFetched());
    expect(await screen.findByText('The dashboard was updated')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeVisible();
  });

  it('should say the dashboard was updated when its index names other files', async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    serve({
      chunk: ok,
      index: index('<script type="module" crossorigin src="/assets/index-2.js"></script>'),
    });
    // Safari names no file.
    pageBehindTheNetwork(new TypeError('Importing a module script failed.'));
    expect(await screen.findByText('The dashboard was updated')).toBeVisible();
  });

  describe('while a request failed too, and the snackbar said so', () => {
    const UNREACHABLE =
      'The dashboard server cannot be reached. Check your connection and try again.';

    /** The signed-in frame's catching up after an outage (lib/reconnect.ts). */
    function CatchingUp() {
      const client = useQueryClient();
      const { notify } = useNotifier();
      useEffect(() => watchConnection(client, notify), [client, notify]);
      return null;
    }

    /**
     * The page opened, and a request of the frame's made, while the server is stopped: `first`
     * of them at once, the other 2 s later, so that one asks again every few seconds from 0 s and
     * the other from 2 s. Then the server is back (with the same version) at 2.5 s.
     */
    async function stoppedServer(first: 'page' | 'request') {
      vi.mocked(console.error).mockImplementation(() => {});
      vi.useFakeTimers({ shouldAdvanceTime: true });
      serve({ chunk: stopped, index: stopped });
      server.use(
        http.get('/api/session', () => HttpResponse.error()),
        http.get('/api/tokens', () => HttpResponse.error()),
      );
      const network = { fetchable: false };
      const Page = lazyRetrying(() =>
        network.fetchable
          ? Promise.resolve(() => <h1>Audit log</h1>)
          : Promise.reject(notFetched()),
      );
      let openPage = () => {};
      function Frame() {
        const [open, setOpen] = useState(false);
        openPage = () => setOpen(true);
        return (
          <>
            <CatchingUp />
            {open && (
              <RouteErrorBoundary>
                <Suspense fallback="Loading the page…">
                  <Page />
                </Suspense>
              </RouteErrorBoundary>
            )}
          </>
        );
      }
      const { client } = renderWithProviders(<Frame />);
      const request = () =>
        void client
          .fetchQuery({
            queryKey: ['tokens'],
            queryFn: () => api('/tokens', { schema: z.unknown() }),
          })
          .catch(() => {});
      const steps = first === 'page' ? [openPage, request] : [request, openPage];
      act(steps[0]!);
      await act(() => vi.advanceTimersByTimeAsync(100));
      await act(() => vi.advanceTimersByTimeAsync(1_900));
      act(steps[1]!);
      await act(() => vi.advanceTimersByTimeAsync(100));
      expect(await screen.findByText('The dashboard server cannot be reached')).toBeVisible();
      expect(await screen.findByText(UNREACHABLE)).toBeVisible();
      await act(() => vi.advanceTimersByTimeAsync(500));
      server.resetHandlers();
      serve({ chunk: ok, index: index(INDEX) });
      network.fetchable = true;
    }

    it("should say the server is back as soon as the page's code loads by itself", async () => {
      // The page asks every few seconds from 0 s, the frame from 2 s: the page finds it first.
      await stoppedServer('page');
      await act(() => vi.advanceTimersByTimeAsync(PROBE_MS - 2_500 + 300));
      expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
      // Not "cannot be reached" until the frame's next question, seconds later.
      expect(screen.getByText('Connected to the dashboard server again.')).toBeVisible();
      expect(screen.queryByText(UNREACHABLE)).not.toBeInTheDocument();
    });

    it('should load the page as soon as the snackbar says the server is back', async () => {
      // The frame asks every few seconds from 0 s, the page from 2 s: the frame finds it first.
      await stoppedServer('request');
      await act(() => vi.advanceTimersByTimeAsync(PROBE_MS - 2_500 + 300));
      expect(await screen.findByText('Connected to the dashboard server again.')).toBeVisible();
      // Not "cannot be reached" until the page's next question, seconds later.
      expect(screen.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
      expect(screen.queryByText('The dashboard server cannot be reached')).not.toBeInTheDocument();
    });
  });
});
