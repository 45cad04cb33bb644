import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Insights } from '@ptd/contracts';
import { formatLocal, localTimeZone } from '@/lib/format.ts';
import { sessionFor } from '@/testing/fixtures.ts';
import { emptyInsights, eventInsights } from '@/testing/insight-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { INSIGHTS_REFRESH_MS } from '../api/get-insights.ts';
import { EventOverviewPage } from '../components/event-overview-page.tsx';

function serveInsights(body: () => Insights) {
  const requests: URL[] = [];
  server.use(
    http.get('/api/insights', ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(body());
    }),
  );
  return requests;
}

const renderPage = () => {
  const view = renderWithProviders(<EventOverviewPage />, { route: '/', path: '/' });
  // The page refreshes on its own: this test's client must not treat data as fresh forever.
  view.client.setDefaultOptions({ queries: { retry: false } });
  return view;
};

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: state });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  vi.useRealTimers();
  setVisibility('visible');
});

describe('EventOverviewPage', () => {
  it('should show the figures and every chart with its data', async () => {
    serveInsights(eventInsights);
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Event overview' })).toBeVisible();
    expect(await screen.findByRole('link', { name: /Active tokens\s*512/ })).toHaveAttribute(
      'href',
      '/tokens?status=active',
    );
    expect(screen.getByRole('region', { name: 'Viewers arriving' })).toHaveTextContent(
      /viewer tokens in the last 2 hours/,
    );
    expect(screen.getByRole('region', { name: 'Tokens issued' })).toHaveTextContent(
      /in the last 48 hours/,
    );
    expect(screen.getByRole('region', { name: 'Active tokens by target' })).toBeVisible();
    expect(screen.getByRole('region', { name: 'Expiring within 24 hours' })).toHaveTextContent(
      /90 active tokens/,
    );
  });

  it('should link each policy, target and the expiring chart to the filtered tokens', async () => {
    serveInsights(eventInsights);
    renderPage();
    const policies = within(
      await screen.findByRole('navigation', { name: 'Viewer tokens by policy' }),
    );
    expect(policies.getByRole('link', { name: /Cup final website/ })).toHaveAttribute(
      'href',
      '/tokens?policy=pol-web',
    );
    expect(policies.getByRole('link', { name: /Deleted policy pol-app/ })).toHaveAttribute(
      'href',
      '/tokens?policy=pol-app',
    );
    const targets = within(screen.getByRole('navigation', { name: 'Active tokens by target' }));
    expect(targets.getByRole('link', { name: 'DmEvt-CupFn' })).toHaveAttribute(
      'href',
      '/tokens?stream=DmEvt-CupFn&streamMatch=exact&targetType=streams&status=active',
    );
    expect(targets.getByRole('link', { name: 'Group …00000002' })).toHaveAttribute(
      'href',
      '/tokens?stream=a1000000-0000-4000-8000-000000000002&streamMatch=exact&targetType=group&status=active',
    );
    expect(targets.getByRole('link', { name: 'Entire organisation' })).toHaveAttribute(
      'href',
      '/tokens?targetType=organisation&status=active',
    );
    expect(screen.getByRole('link', { name: 'Open, soonest first' })).toHaveAttribute(
      'href',
      '/tokens?expiringWithin=86400&sort=expiresAt&order=asc',
    );
  });

  it('should name a stream group by its streams and the organisation as Playback tokens does', async () => {
    serveInsights(eventInsights);
    server.use(
      http.get('/api/stream-groups', () =>
        HttpResponse.json({
          items: [
            {
              groupId: 'a1000000-0000-4000-8000-000000000002',
              name: 'DmEvt-Cncrt',
              streams: ['DmEvt-Cncrt', 'DmEvt-Cn480'],
            },
          ],
        }),
      ),
    );
    renderPage();
    const targets = within(
      await screen.findByRole('navigation', { name: 'Active tokens by target' }),
    );
    expect(
      await targets.findByRole('link', { name: 'DmEvt-Cncrt (stream group)' }),
    ).toHaveAttribute(
      'href',
      '/tokens?stream=a1000000-0000-4000-8000-000000000002&streamMatch=exact&targetType=group&status=active',
    );
    expect(targets.getByRole('link', { name: 'Entire organisation' })).toBeInTheDocument();
    expect(targets.queryByText(/Group …/)).toBeNull();
    // The chart's axis has less room: its tick says "(group)".
    expect(await screen.findByText('DmEvt-Cncrt (group)')).toBeInTheDocument();
  });

  it('should say that each target’s link lists the tokens its count counts', async () => {
    serveInsights(eventInsights);
    renderPage();
    const region = await screen.findByRole('region', { name: 'Active tokens by target' });
    await within(region).findByRole('navigation', { name: 'Active tokens by target' });
    expect(region).toHaveTextContent(
      'Each count is of the tokens naming that target, and its link lists those tokens; a stream also plays through the stream group and organisation-wide tokens.',
    );
  });

  it('should say in which zone the overview’s time is', async () => {
    const insights = eventInsights();
    serveInsights(() => insights);
    renderPage();
    await screen.findByRole('region', { name: 'Tokens issued' });
    expect(screen.getByText(/As of/)).toHaveTextContent(
      `As of ${formatLocal(insights.generatedAt)} (${localTimeZone()}).`,
    );
  });

  it('should show a policy or stream name with a direction override isolated, the override a marker', async () => {
    serveInsights(() => {
      const insights = eventInsights();
      insights.live.policies[0]!.name = 'abc\u202edef';
      insights.active.targets[1]!.value = 'abc\u202edef';
      return insights;
    });
    renderPage();
    const policies = await screen.findByRole('navigation', { name: 'Viewer tokens by policy' });
    const targets = screen.getByRole('navigation', { name: 'Active tokens by target' });
    for (const links of [policies, targets]) {
      const marker = links.querySelector('[data-control-character="U+202E"]');
      expect(marker?.closest('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    }
    // The charts' own text (axis labels, legends) cannot hold markup: isolated, marked as text.
    const main = screen.getByRole('region', { name: 'Active tokens by target' });
    expect(main.textContent).not.toContain('\u202e');
    expect(policies.textContent).not.toContain('\u202e');
  });

  it('should underline the link in the closing sentence, not tell it apart by colour alone', async () => {
    serveInsights(eventInsights);
    renderPage();
    const link = await screen.findByRole('link', { name: 'Every token' });
    expect(link).toHaveAttribute('href', '/tokens');
    expect(link.parentElement).toHaveTextContent(/^Times are in .+ Every token$/);
    expect(getComputedStyle(link).textDecoration).toMatch(/underline/);
  });

  it('should switch the issued chart to 30 days', async () => {
    serveInsights(eventInsights);
    const { user } = renderPage();
    const issued = await screen.findByRole('region', { name: 'Tokens issued' });
    await user.click(within(issued).getByRole('button', { name: '30 days' }));
    expect(issued).toHaveTextContent(/460 in the last 30 days \(UTC days\)/);
  });

  it('should say what will appear when the ledger is empty', async () => {
    serveInsights(emptyInsights);
    renderPage();
    expect(await screen.findByText(/No viewer tokens in this period/)).toBeVisible();
    const issued = screen.getByRole('region', { name: 'Tokens issued' });
    expect(issued).toHaveTextContent(
      'No tokens were issued in this period. Every token created in this dashboard appears here: one at a time, in bulk, or for viewers by a playback policy.',
    );
    expect(
      await within(issued).findByRole('link', { name: 'Create a secure playback token' }),
    ).toHaveAttribute('href', '/tokens/new');
    expect(screen.getByText('No active token expires within the next 24 hours.')).toBeVisible();
  });

  it('should say what to do next where no token is active and no viewer arrives, with links for those who may', async () => {
    serveInsights(emptyInsights);
    renderPage();
    const active = await screen.findByRole('region', { name: 'Active tokens by target' });
    expect(active).toHaveTextContent(
      'No token is active right now. A token counts here from its start until it expires or is revoked.',
    );
    expect(
      await within(active).findByRole('link', { name: 'Create a secure playback token' }),
    ).toHaveAttribute('href', '/tokens/new');
    const viewers = screen.getByRole('region', { name: 'Viewers arriving' });
    expect(
      await within(viewers).findByRole('link', { name: 'Set up a playback policy' }),
    ).toHaveAttribute('href', '/policies');
  });

  it('should offer a viewer no link to what their role may not do in the empty charts', async () => {
    serveInsights(emptyInsights);
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('viewer'))));
    const { client } = renderPage();
    const active = await screen.findByRole('region', { name: 'Active tokens by target' });
    expect(active).toHaveTextContent('No token is active right now.');
    const viewers = screen.getByRole('region', { name: 'Viewers arriving' });
    expect(viewers).toHaveTextContent('No viewer tokens in this period.');
    // Once the session says who this is.
    await waitFor(() => expect(client.getQueryData(['session'])).toBeDefined());
    for (const chart of [active, viewers]) {
      expect(within(chart).queryByRole('link', { name: /Create|Set up/ })).not.toBeInTheDocument();
    }
  });

  it('should refresh every ten seconds while visible, and not while hidden', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let active = 1;
    const requests = serveInsights(() => ({
      ...eventInsights(),
      active: { total: active, sampled: null, targets: [] },
    }));
    renderPage();
    expect(await screen.findByRole('link', { name: /Active tokens\s*1$/ })).toBeVisible();

    active = 2;
    await act(() => vi.advanceTimersByTimeAsync(INSIGHTS_REFRESH_MS));
    expect(await screen.findByRole('link', { name: /Active tokens\s*2$/ })).toBeVisible();
    const seen = requests.length;

    setVisibility('hidden');
    active = 3;
    await act(() => vi.advanceTimersByTimeAsync(3 * INSIGHTS_REFRESH_MS));
    expect(requests.length).toBe(seen);
    await waitFor(() =>
      expect(screen.getByRole('link', { name: /Active tokens\s*2$/ })).toBeVisible(),
    );
  });
  it('should say plainly that the figures are not current while refreshes fail, until one succeeds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let answering = true;
    server.use(
      http.get('/api/insights', () =>
        answering
          ? HttpResponse.json({
              ...eventInsights(),
              active: { total: 7, sampled: null, targets: [] },
            })
          : HttpResponse.error(),
      ),
    );
    renderPage();
    expect(await screen.findByRole('link', { name: /Active tokens\s*7$/ })).toBeVisible();
    expect(screen.queryByText(/not current/)).not.toBeInTheDocument();

    answering = false;
    await act(() => vi.advanceTimersByTimeAsync(INSIGHTS_REFRESH_MS));
    const stale = (await screen.findByText(/not current/)).closest('[role="status"]');
    expect(stale).toHaveTextContent(
      /^These figures are not current: the dashboard server cannot be reached\. They update by themselves once a refresh succeeds\.$/,
    );
    // The figures of before stay, marked as such.
    expect(screen.getByRole('link', { name: /Active tokens\s*7$/ })).toBeVisible();

    answering = true;
    await act(() => vi.advanceTimersByTimeAsync(INSIGHTS_REFRESH_MS));
    await waitFor(() => expect(screen.queryByText(/not current/)).not.toBeInTheDocument());
  });
});
