import { screen, waitFor, within } from '@testing-library/react';
import type { TokenRecord } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { tokenPage, tokenRecord } from '@/testing/token-fixtures.ts';
import { CreateTokenPage } from '../components/create-token-page.tsx';
import { TokensOverviewPage } from '../components/overview/tokens-overview-page.tsx';

const HOUR_MS = 3600_000;

function serveList(items: TokenRecord[]) {
  const requests: URL[] = [];
  server.use(
    http.get('/api/session', () => HttpResponse.json(sessionFor('editor'))),
    http.get('/api/tokens', ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(tokenPage(items));
    }),
  );
  return requests;
}

const lastQuery = (requests: URL[]) => requests[requests.length - 1]!.searchParams;

describe('TokensOverviewPage: Expiring within', () => {
  it('should ask for the active tokens expiring within 1 hour, 24 hours, 7 days or a custom time, and keep it in the URL', async () => {
    const requests = serveList([tokenRecord({ tag: 'soon' })]);
    const { user } = renderWithProviders(<TokensOverviewPage />, {
      route: '/tokens',
      path: '/tokens',
    });
    await screen.findByRole('table', { name: 'Playback tokens' });
    const choose = async (name: string) => {
      await user.click(screen.getByRole('combobox', { name: 'Expiring within' }));
      await user.click(await screen.findByRole('option', { name }));
    };
    for (const [name, seconds] of [
      ['1 hour', '3600'],
      ['24 hours', '86400'],
      ['7 days', '604800'],
    ] as const) {
      await choose(name);
      await waitFor(() => expect(lastQuery(requests).get('expiringWithin')).toBe(seconds));
      expect(new URLSearchParams(window.location.search).get('expiringWithin')).toBe(seconds);
    }

    await choose('Custom…');
    const amount = screen.getByRole('spinbutton', { name: 'Within' });
    await user.clear(amount);
    await user.type(amount, '36');
    await user.click(screen.getByRole('combobox', { name: 'Unit' }));
    await user.click(await screen.findByRole('option', { name: 'hours' }));
    await waitFor(() => expect(lastQuery(requests).get('expiringWithin')).toBe(String(36 * 3600)));

    await choose('Any time');
    await waitFor(() =>
      expect(new URLSearchParams(window.location.search).has('expiringWithin')).toBe(false),
    );
    expect(screen.queryByRole('spinbutton', { name: 'Within' })).toBeNull();
    // Many menu interactions: more than the default on a busy machine.
  }, 60_000);

  it('should show a custom time from the URL as such, and drop it with Clear filters', async () => {
    serveList([tokenRecord()]);
    const { user } = renderWithProviders(<TokensOverviewPage />, {
      route: `/tokens?expiringWithin=${3 * 86400}`,
      path: '/tokens',
    });
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(screen.getByRole('combobox', { name: 'Expiring within' })).toHaveTextContent('Custom…');
    expect(screen.getByRole('spinbutton', { name: 'Within' })).toHaveValue(3);
    expect(screen.getByRole('combobox', { name: 'Unit' })).toHaveTextContent('days');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.queryByRole('spinbutton', { name: 'Within' })).toBeNull());
    expect(screen.getByRole('combobox', { name: 'Expiring within' })).toHaveTextContent('Any time');
  });
});

describe('Create a similar token', () => {
  const original = tokenRecord({
    id: 'tok-similar',
    target: { type: 'streams', streams: ['DmoEv-Stage1'] },
    issuedAt: new Date(Date.now() - 2 * HOUR_MS).toISOString(),
    notBefore: new Date(Date.now() - 2 * HOUR_MS).toISOString(),
    expiresAt: new Date(Date.now() + 22 * HOUR_MS).toISOString(),
    revocable: true,
    forceDisconnect: true,
    ip: '203.0.113.9',
    domain: 'example.com',
    user: 'viewer-7',
    tag: 'press-room',
  });

  it('should open the token form for that token from a row’s menu', async () => {
    serveList([original]);
    server.use(http.get('/api/tokens/:id', () => HttpResponse.json(original)));
    const { user } = renderWithProviders(<TokensOverviewPage />, {
      route: '/tokens',
      path: '/tokens',
    });
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    const row = within(table).getByRole('row', { name: /press-room/ });
    await user.click(within(row).getByRole('button', { name: /^More actions for token/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Create a similar token' }));
    expect(window.location.pathname).toBe('/tokens/new');
    expect(new URLSearchParams(window.location.search).get('similar')).toBe('tok-similar');
  });

  it('should prefill target, restrictions, labels and the same duration, never anything of the old token', async () => {
    server.use(
      http.get('/api/session', () => HttpResponse.json(sessionFor('editor'))),
      http.get('/api/tokens/:id', () => HttpResponse.json(original)),
    );
    renderWithProviders(<CreateTokenPage />, { route: '/tokens/new?similar=tok-similar' });
    await screen.findByRole('form', { name: 'Secure playback token' });
    expect(
      (await screen.findByText(/^Starting from the token for/)).closest('[role="alert"]'),
    ).toHaveTextContent(/Starting from the token for DmoEv-Stage1, tag press-room: the same/);
    expect(screen.getByRole('button', { name: '24 hours' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('switch', { name: 'Revocable' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Force disconnect on expiry' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: /Client IP/ })).toHaveValue('203.0.113.9');
    expect(screen.getByRole('textbox', { name: /^Domain/ })).toHaveValue('example.com');
    expect(screen.getByRole('textbox', { name: /User ID/ })).toHaveValue('viewer-7');
    expect(screen.getByRole('textbox', { name: /Tag/ })).toHaveValue('press-room');
    expect(screen.getByText('DmoEv-Stage1')).toBeInTheDocument();
  });
});
