import { act, screen, waitFor, within } from '@testing-library/react';
import { onlineManager } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventInsights } from '@/testing/insight-fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { sampleTokens, tokenPage } from '@/testing/token-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';
import { INSIGHTS_REFRESH_MS } from '@/features/insights/api/get-insights.ts';
import { PROBE_MS } from '@/lib/reconnect.ts';

/** The ledger, filtered by tag as the BFF does. */
const ledger = http.get('/api/tokens', ({ request }) => {
  const tag = new URL(request.url).searchParams.get('tag');
  return HttpResponse.json(
    tokenPage(sampleTokens().filter((token) => !tag || token.tag?.includes(tag))),
  );
});

/** The BFF's answer to any request that needs its database while PostgreSQL restarts. */
const restarting = () =>
  HttpResponse.json(
    {
      code: 'database-unavailable',
      message:
        "The dashboard's database is not answering (it may be restarting). Try again in 2 s.",
    },
    { status: 503, headers: { 'retry-after': '2' } },
  );

/** The BFF's answer to a request that found none of its database connections free in time. */
const busy = () =>
  HttpResponse.json(
    {
      code: 'database-busy',
      message: 'The dashboard is busy with other requests. Try again in a moment.',
    },
    { status: 503, headers: { 'retry-after': '1' } },
  );

afterEach(() => {
  onlineManager.setOnline(true);
  vi.useRealTimers();
});

/**
 * The clock a test moves by itself where the app waits (its probe of the server every
 * PROBE_MS), on top of real time, which keeps everything else as it was.
 */
const useTestClock = () => vi.useFakeTimers({ shouldAdvanceTime: true });
/** The app's next probe of the server, at once. */
const nextProbe = () => act(() => vi.advanceTimersByTimeAsync(PROBE_MS));

describe('A page that loads while the connection is gone', () => {
  it('should say at once that the server cannot be reached, and load by itself once it answers again', async () => {
    server.use(ledger);
    const { user } = renderApp('/tokens');
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    expect(within(table).getAllByRole('row')).toHaveLength(6);

    // The connection goes: the browser says so and the server gets no request through.
    onlineManager.setOnline(false);
    server.use(
      http.get('/api/tokens', () => HttpResponse.error()),
      http.get('/api/session', () => HttpResponse.error()),
    );
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');

    expect(
      await screen.findByText(
        'The dashboard server cannot be reached. Check your connection and try again.',
      ),
    ).toBeVisible();
    // The old rows are not passed off as the filter's.
    expect(screen.getByText('The tokens could not be loaded.')).toBeVisible();
    expect(screen.queryByRole('table', { name: 'Playback tokens' })).not.toBeInTheDocument();

    // It comes back: no click needed.
    server.resetHandlers();
    server.use(ledger);
    act(() => window.dispatchEvent(new Event('online')));

    expect(await screen.findByText('Connected to the dashboard server again.')).toBeVisible();
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Playback tokens' })).getAllByRole('row'),
      ).toHaveLength(2),
    );
    expect(screen.getByRole('cell', { name: 'press' })).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('should take a proxy’s 502 page for a server that cannot be reached, and catch up once it answers', async () => {
    useTestClock();
    server.use(ledger);
    const { user } = renderApp('/tokens');
    await screen.findByRole('table', { name: 'Playback tokens' });

    // The dashboard server stops behind nginx: every request gets nginx's own error page.
    const badGateway = () =>
      new HttpResponse('<html><body><h1>502 Bad Gateway</h1></body></html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'content-type': 'text/html' },
      });
    let asked = 0;
    let loads = 0;
    server.use(
      http.get('/api/tokens', () => {
        loads += 1;
        return badGateway();
      }),
      http.get('/api/session', () => {
        asked += 1;
        return badGateway();
      }),
    );
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');
    await nextProbe();

    expect(
      await screen.findByText(
        'The dashboard server cannot be reached. Check your connection and try again.',
        undefined,
        { timeout: 8_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByText(/502/)).not.toBeInTheDocument();
    // Asked again, nginx's page is no answer of the dashboard server's: nothing is loaded again.
    const before = loads;
    act(() => window.dispatchEvent(new Event('online')));
    await waitFor(() => expect(asked).toBeGreaterThan(0));
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(loads).toBe(before);

    // It is started again: asked every few seconds, the page catches up without a click.
    server.resetHandlers();
    server.use(ledger);
    await nextProbe();
    expect(
      await screen.findByText('Connected to the dashboard server again.', undefined, {
        timeout: 8_000,
      }),
    ).toBeVisible();
    await waitFor(() => expect(screen.getByRole('cell', { name: 'press' })).toBeVisible());
  });

  it('should keep the dashboard server’s own words for a 503 it answers itself', async () => {
    server.use(
      http.get('/api/tokens', () =>
        HttpResponse.json(
          {
            code: 'shutting-down',
            message: 'The dashboard server is restarting. Try again shortly.',
          },
          { status: 503 },
        ),
      ),
    );
    renderApp('/tokens');
    expect(
      await screen.findByText('The dashboard server is restarting. Try again shortly.'),
    ).toBeVisible();
  });
});

describe('A page that loads while the dashboard’s database restarts', () => {
  it('should say what the server says, and load by itself once the database answers again', async () => {
    useTestClock();
    server.use(ledger);
    const { user } = renderApp('/tokens');
    await screen.findByRole('table', { name: 'Playback tokens' });

    // PostgreSQL restarts (a failover): the BFF answers every request that needs it 503.
    server.use(http.get('/api/tokens', restarting), http.get('/api/session', restarting));
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');
    expect(
      await screen.findByText(/The dashboard's database is not answering/, undefined, {
        timeout: 8_000,
      }),
    ).toBeVisible();

    // It is back: the page catches up without a click, and the notice says what came back (the
    // server itself answered all along).
    server.resetHandlers();
    server.use(ledger);
    await nextProbe();
    await waitFor(() => expect(screen.getByRole('cell', { name: 'press' })).toBeVisible(), {
      timeout: PROBE_MS + 5_000,
    });
    expect(await screen.findByText("The dashboard's database answers again.")).toBeVisible();
    expect(screen.queryByText('Connected to the dashboard server again.')).not.toBeInTheDocument();
  });
});

describe('A page that loads while the dashboard is busy', () => {
  it('should say it is busy, not that its database is down, and load by itself a moment later', async () => {
    useTestClock();
    server.use(ledger);
    const { user } = renderApp('/tokens');
    await screen.findByRole('table', { name: 'Playback tokens' });

    // A load spike: every database connection of the BFF stays busy for its wait bound.
    server.use(http.get('/api/tokens', busy), http.get('/api/session', busy));
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');
    expect(
      await screen.findByText(
        'The dashboard is busy with other requests. Try again in a moment.',
        undefined,
        { timeout: 8_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByText(/database is not answering/)).not.toBeInTheDocument();

    // The spike is over: the page catches up without a click.
    server.resetHandlers();
    server.use(ledger);
    await nextProbe();
    await waitFor(() => expect(screen.getByRole('cell', { name: 'press' })).toBeVisible(), {
      timeout: PROBE_MS + 5_000,
    });
    expect(await screen.findByText('The dashboard is no longer busy.')).toBeVisible();
    expect(screen.queryByText("The dashboard's database answers again.")).not.toBeInTheDocument();
  });

  it('should tell a form sent meanwhile to be sent again once it answers', async () => {
    const { user } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    server.use(http.post('/api/tokens', busy), http.get('/api/session', busy));
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');
    // From the request on: the probe it starts runs on the test's clock.
    useTestClock();
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/busy with other requests/);

    server.resetHandlers();
    await nextProbe();
    expect(
      await screen.findByText('The dashboard is no longer busy.', undefined, {
        timeout: PROBE_MS + 5_000,
      }),
    ).toBeVisible();
    expect(
      screen.getByText(
        'The dashboard was busy when this was sent. It answers again: send it again.',
      ),
    ).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveValue('press');
  });
});

describe('A form sent while the dashboard’s database restarts', () => {
  it('should keep what was typed, and stop asking to wait once the database answers again', async () => {
    const { user } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    server.use(http.post('/api/tokens', restarting), http.get('/api/session', restarting));
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');
    // From the request on: the probe it starts runs on the test's clock.
    useTestClock();
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Try again in 2 s\./);

    // It is back: the form says so instead of asking to wait, and keeps what was typed.
    server.resetHandlers();
    await nextProbe();
    expect(
      await screen.findByText("The dashboard's database answers again.", undefined, {
        timeout: PROBE_MS + 5_000,
      }),
    ).toBeVisible();
    expect(screen.queryByText(/Try again in 2 s/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        "The dashboard's database was not answering when this was sent. It answers again: send it again.",
      ),
    ).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveValue('press');
  });

  it('should do the same for a form sent while the server could not be reached', async () => {
    const { user } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    server.use(
      http.post('/api/tokens', () => HttpResponse.error()),
      http.get('/api/session', () => HttpResponse.error()),
    );
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');
    // From the request on: the probe it starts runs on the test's clock.
    useTestClock();
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The dashboard server cannot be reached. Check your connection and try again.',
    );

    server.resetHandlers();
    await nextProbe();
    expect(
      await screen.findByText('Connected to the dashboard server again.', undefined, {
        timeout: PROBE_MS + 5_000,
      }),
    ).toBeVisible();
    expect(
      screen.getByText(
        'The dashboard server could not be reached when this was sent. It answers again: send it again.',
      ),
    ).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveValue('press');
  });
});

describe('A page that refreshes by itself while the server is away', () => {
  const unreachable =
    'The dashboard server cannot be reached. Check your connection and try again.';

  it('should say so once per outage, not at every refresh after the message was closed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    server.use(http.get('/api/insights', () => HttpResponse.json(eventInsights())));
    renderApp('/');
    await screen.findByRole('link', { name: /Active tokens/ });

    // The server stops: the overview's refresh every ten seconds fails.
    server.use(
      http.get('/api/insights', () => HttpResponse.error()),
      http.get('/api/session', () => HttpResponse.error()),
    );
    await act(() => vi.advanceTimersByTimeAsync(INSIGHTS_REFRESH_MS));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(unreachable);
    act(() => within(alert).getByRole('button', { name: 'Close' }).click());
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());

    // Closed means closed for this outage, however many refreshes fail meanwhile.
    await act(() => vi.advanceTimersByTimeAsync(3 * INSIGHTS_REFRESH_MS));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Active tokens/ })).toBeVisible();

    // It comes back, and goes again: that outage is said once more.
    server.resetHandlers();
    server.use(http.get('/api/insights', () => HttpResponse.json(eventInsights())));
    await act(() => vi.advanceTimersByTimeAsync(PROBE_MS));
    expect(await screen.findByText('Connected to the dashboard server again.')).toBeVisible();
    server.use(
      http.get('/api/insights', () => HttpResponse.error()),
      http.get('/api/session', () => HttpResponse.error()),
    );
    await act(() => vi.advanceTimersByTimeAsync(INSIGHTS_REFRESH_MS));
    expect(await screen.findByRole('alert')).toHaveTextContent(unreachable);
  });

  it('should say that the database is restarting once, and in the overview’s warning', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    server.use(http.get('/api/insights', () => HttpResponse.json(eventInsights())));
    renderApp('/');
    await screen.findByRole('link', { name: /Active tokens/ });

    server.use(http.get('/api/insights', restarting), http.get('/api/session', restarting));
    await act(() => vi.advanceTimersByTimeAsync(INSIGHTS_REFRESH_MS));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/The dashboard's database is not answering/);
    expect(
      screen.getByText(
        "These figures are not current: the dashboard's database is not answering (it may be restarting). They update by themselves once a refresh succeeds.",
      ),
    ).toBeVisible();
    act(() => within(alert).getByRole('button', { name: 'Close' }).click());
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());

    // Closed means closed while it restarts, however many refreshes fail meanwhile.
    await act(() => vi.advanceTimersByTimeAsync(3 * INSIGHTS_REFRESH_MS));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('The event overview while the dashboard is busy', () => {
  it('should say the figures are not current because it was busy', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    server.use(http.get('/api/insights', () => HttpResponse.json(eventInsights())));
    renderApp('/');
    await screen.findByRole('link', { name: /Active tokens/ });

    server.use(http.get('/api/insights', busy), http.get('/api/session', busy));
    await act(() => vi.advanceTimersByTimeAsync(INSIGHTS_REFRESH_MS));
    expect(await screen.findByRole('alert')).toHaveTextContent(/busy with other requests/);
    expect(
      screen.getByText(
        'These figures are not current: the dashboard was busy. They update by themselves once a refresh succeeds.',
      ),
    ).toBeVisible();
  });
});
