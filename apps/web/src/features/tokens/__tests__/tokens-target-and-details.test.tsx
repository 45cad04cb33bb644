import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StreamGroup, TokenRecord } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { tokenPage, tokenRecord } from '@/testing/token-fixtures.ts';

const CONCERT = 'a1000000-0000-4000-8000-000000000002';
const UNKNOWN = 'a1000000-0000-4000-8000-0000000000ff';
const LONG_USER = '7f3c2a9e5b1d4c8fa6e0b2d9c4f1a8e3';

const concertToken = tokenRecord({
  id: 'tok-concert',
  target: { type: 'group', groupId: CONCERT },
  revocable: true,
  user: LONG_USER,
  tag: 'vip',
});
const unknownGroupToken = tokenRecord({
  id: 'tok-unknown',
  target: { type: 'group', groupId: UNKNOWN },
});

const KNOWN: Record<string, StreamGroup> = {
  [CONCERT]: {
    groupId: CONCERT,
    name: 'DmEvt-Cncrt',
    streams: ['DmEvt-Cncrt', 'DmEvt-Cn480', 'DmEvt-Cn360', 'DmEvt-Cn240'],
  },
};

/** The ledger and the group names; `lookups` collects each stream-groups request's ids. */
function serve(items: TokenRecord[]) {
  const lookups: string[][] = [];
  server.use(
    http.get('/api/tokens', () => HttpResponse.json(tokenPage(items))),
    http.get('/api/tokens/:id', ({ params }) =>
      HttpResponse.json(items.find((item) => item.id === params.id)),
    ),
    http.get('/api/stream-groups', ({ request }) => {
      const ids = (new URL(request.url).searchParams.get('ids') ?? '').split(',');
      lookups.push(ids);
      return HttpResponse.json({
        items: ids.map((id) => KNOWN[id] ?? { groupId: id, name: null, streams: [] }),
      });
    }),
  );
  return lookups;
}

const zIndex = (element: Element) => Number(getComputedStyle(element).zIndex);

describe('Playback tokens: targets, long ids and the details panel', () => {
  it('should name a group token by its streams, asking for every group of the page at once', async () => {
    const lookups = serve([concertToken, unknownGroupToken]);
    renderApp('/tokens');
    const table = await screen.findByRole('table', { name: 'Playback tokens' });

    expect(await within(table).findByText('DmEvt-Cncrt')).toBeVisible();
    expect(within(table).getByText('Stream group · 3 more streams')).toBeVisible();
    expect(lookups).toEqual([[CONCERT, UNKNOWN]]);
    // A group bintu does not know keeps its id: shortened, whole on hover and to copy.
    const row = within(table).getAllByRole('row')[2]!;
    expect(row).toHaveTextContent('Stream group a10000…00ff');
    expect(within(row).getByRole('button', { name: 'Copy stream group ID' })).toBeInTheDocument();
  });

  it('should shorten a long user id without breaking it, and copy it whole', async () => {
    serve([concertToken]);
    renderApp('/tokens');
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    const shown = await within(table).findByText('7f3c2a…a8e3');
    expect(shown.closest('[data-full-value]')).toHaveAttribute('data-full-value', LONG_USER);

    const copied: string[] = [];
    const event = new Event('copy', { bubbles: true }) as Event & {
      clipboardData: { setData: (type: string, text: string) => void };
    };
    event.clipboardData = { setData: (_type, text) => copied.push(text) };
    fireEvent(shown, event);
    expect(copied).toEqual([LONG_USER]);

    // A click without hovering first: the tooltip's animations would outlive the test.
    fireEvent.click(within(table).getByRole('button', { name: 'Copy user ID' }));
    expect(await within(table).findByRole('button', { name: 'Copied user ID' })).toBeVisible();
    expect(await navigator.clipboard.readText()).toBe(LONG_USER);
    // Copying is not opening the row.
    expect(new URLSearchParams(window.location.search).get('record')).toBeNull();
  });

  it('should keep a short tag on one line and let a long one wrap', async () => {
    const long = 'spring-gala-2026-partners-and-press';
    serve([
      tokenRecord({ id: 'tok-short', tag: 'local-demo' }),
      tokenRecord({ id: 'tok-long', tag: long }),
    ]);
    renderApp('/tokens');
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    // Not "local-" / "demo" in a narrow column.
    // The text's own box (jsdom computes no inherited white-space).
    const noWrap = (element: HTMLElement) =>
      getComputedStyle(element.parentElement!).whiteSpace === 'nowrap';
    expect(noWrap(await within(table).findByText('local-demo'))).toBe(true);
    expect(noWrap(within(table).getByText(long))).toBe(false);
  });

  it('should show the details panel above the app bar, with its title and close button', async () => {
    serve([concertToken]);
    const { user } = renderApp(`/tokens?record=${concertToken.id}`);
    const panel = await screen.findByRole('dialog', { name: 'Token details' });
    const modal = panel.closest('.MuiModal-root')!;
    const appBar = document.querySelector('header')!;
    expect(zIndex(modal)).toBeGreaterThan(zIndex(appBar));

    await user.click(within(panel).getByRole('button', { name: 'Close details' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Token details' })).not.toBeInTheDocument(),
    );
    expect(window.location.search).toBe('');
  });

  it('should show the group’s streams and the whole ids in the details', async () => {
    serve([concertToken]);
    renderApp(`/tokens?record=${concertToken.id}`);
    const panel = await screen.findByRole('dialog', { name: 'Token details' });
    await waitFor(() =>
      expect(panel).toHaveTextContent(
        'Streams: DmEvt-Cncrt, DmEvt-Cn480, DmEvt-Cn360, DmEvt-Cn240',
      ),
    );
    expect(within(panel).getByText(CONCERT)).toBeVisible();
    expect(within(panel).getByText(LONG_USER)).toBeVisible();
  });
});
