import type { BulkBatchList, BulkBatchSummary } from '@ptd/contracts';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { formatShortUtc } from '@/lib/format.ts';
import { TABLE_TIME_ZONE_KEY } from '@/lib/table-time-zone.ts';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

const GROUP = 'a1000000-0000-4000-8000-000000000002';

const summary = (id: string, overrides: Partial<BulkBatchSummary> = {}): BulkBatchSummary => ({
  id,
  state: 'finished',
  target: { type: 'streams', streams: ['DmoEv-Stage2'] },
  createdAt: '2026-11-30T03:00:00.000Z',
  createdBy: { id: 'staff-editor', email: 'editor@example.com', displayName: 'Ada editor' },
  finishedAt: '2026-11-30T03:01:00.000Z',
  counts: { total: 2, pending: 0, minting: 0, minted: 2, failed: 0, cancelled: 0 },
  resultsAvailable: true,
  resultsDownloadedAt: null,
  resultsExpiredAt: null,
  creatorMayMint: true,
  run: { startedAt: '2026-11-30T03:00:00.000Z', settled: 0 },
  ...overrides,
});

const ID = (n: number) => `019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e2${n}`;

function serveBatches(pages: Record<string, BulkBatchList>, requests: URL[] = []) {
  server.use(
    http.get('/api/token-batches', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      return HttpResponse.json(pages[url.searchParams.get('cursor') ?? ''] ?? pages['']);
    }),
    http.get('/api/stream-groups', () =>
      HttpResponse.json({
        items: [{ groupId: GROUP, name: 'DmEvt-Cncrt', streams: ['DmEvt-Cncrt', 'DmEvt-Cn480'] }],
      }),
    ),
  );
  return requests;
}

afterEach(() => localStorage.clear());

describe('Create in bulk: recent batches', () => {
  it('should list everyone’s batches for an admin, with who created them, their target, counts, time with its zone, results and a link', async () => {
    localStorage.setItem(TABLE_TIME_ZONE_KEY, 'utc');
    serveBatches({
      '': {
        items: [
          summary(ID(1), {
            state: 'minting',
            target: { type: 'group', groupId: GROUP },
            createdAt: '2026-12-01T20:14:00.000Z',
            createdBy: { id: 'staff-other', email: 'bo@example.com', displayName: 'Bo Other' },
            counts: { total: 16, pending: 2, minting: 1, minted: 12, failed: 1, cancelled: 0 },
            resultsAvailable: false,
          }),
          summary(ID(2), {
            resultsAvailable: false,
            resultsDownloadedAt: '2026-11-30T03:05:00.000Z',
          }),
        ],
        pageSize: 10,
        nextCursor: null,
      },
    });
    renderApp('/tokens/bulk');
    const table = await screen.findByRole('table', { name: 'Recent batches' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    expect(headers).toEqual([
      'Created (UTC)',
      'Created by',
      'Target',
      'State',
      'Tokens',
      'Results',
      'Batch',
    ]);
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent(formatShortUtc('2026-12-01T20:14:00.000Z'));
    expect(first).toHaveTextContent('Bo Other');
    expect(await within(first!).findByText('DmEvt-Cncrt')).toBeInTheDocument();
    expect(first).toHaveTextContent('Minting');
    expect(first).toHaveTextContent('12 minted · 1 failed · 3 pending');
    expect(first).toHaveTextContent('Not ready');
    expect(
      within(first!).getByRole('link', { name: /Open the batch of 16 tokens/ }),
    ).toHaveAttribute('href', `/tokens/bulk/${ID(1)}`);
    expect(second).toHaveTextContent('Ada editor');
    expect(second).toHaveTextContent('DmoEv-Stage2');
    expect(second).toHaveTextContent(`Downloaded ${formatShortUtc('2026-11-30T03:05:00.000Z')}`);
  });

  it('should show an editor their own without a Created by column, and say what to do when there are none', async () => {
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('editor'))));
    serveBatches({ '': { items: [summary(ID(1))], pageSize: 10, nextCursor: null } });
    const view = renderApp('/tokens/bulk');
    const table = await screen.findByRole('table', { name: 'Recent batches' });
    expect(within(table).queryByRole('columnheader', { name: 'Created by' })).toBeNull();
    view.unmount();

    serveBatches({ '': { items: [], pageSize: 10, nextCursor: null } });
    renderApp('/tokens/bulk');
    expect(await screen.findByText('No batches yet')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Batches you create are listed here.*Add the viewers above, check the rows, then mint them\./,
      ),
    ).toBeInTheDocument();
  });

  it('should page by cursor, forward and back', async () => {
    const requests = serveBatches({
      '': { items: [summary(ID(1))], pageSize: 10, nextCursor: ID(1) },
      [ID(1)]: { items: [summary(ID(2), { state: 'cancelled' })], pageSize: 10, nextCursor: null },
    });
    const { user } = renderApp('/tokens/bulk');
    const table = await screen.findByRole('table', { name: 'Recent batches' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await within(table).findByText('Cancelled')).toBeInTheDocument();
    expect(requests.at(-1)?.searchParams.get('cursor')).toBe(ID(1));
    expect(screen.getByRole('button', { name: 'Go to next page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Go to previous page' }));
    expect(await within(table).findByText('Finished')).toBeInTheDocument();
  });
});
