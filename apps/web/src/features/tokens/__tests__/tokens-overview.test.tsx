import { screen, waitFor, within } from '@testing-library/react';
import type { TokenListItem } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { revocableToken, sampleTokens, tokenPage, tokenRecord } from '@/testing/token-fixtures.ts';
import { TokensOverviewPage } from '../components/overview/tokens-overview-page.tsx';
import { onAPhone } from '@/testing/phone.ts';

/**
 * Serves the ledger and records every list request's URL. With `total` beyond the items, it
 * pages by cursor: `c<offset>` is where the next page starts.
 */
function serveLedger(items: TokenListItem[] = sampleTokens(), total = items.length) {
  const requests: URL[] = [];
  server.use(
    http.get('/api/tokens', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      const pageSize = Number(url.searchParams.get('pageSize') ?? 25);
      const offset = Number(url.searchParams.get('cursor')?.slice(1) ?? 0);
      return HttpResponse.json(
        tokenPage(items, {
          pageSize,
          offset,
          total: Math.min(total, 10_000),
          totalCapped: total > 10_000,
          nextCursor: offset + pageSize < total ? `c${offset + pageSize}` : null,
          prevCursor: offset > 0 ? `c${Math.max(0, offset - pageSize)}` : null,
        }),
      );
    }),
    http.get('/api/tokens/:id', ({ params }) => {
      const record = items.find((item) => item.id === params.id);
      return record
        ? HttpResponse.json(record)
        : HttpResponse.json({ code: 'not-found', message: 'No such token.' }, { status: 404 });
    }),
  );
  return requests;
}

const lastRequest = (requests: URL[]) => requests[requests.length - 1]!;

function renderOverview(route = '/tokens') {
  return renderWithProviders(<TokensOverviewPage />, { route, path: '/tokens' });
}

const asEditor = () =>
  server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('editor'))));

describe('TokensOverviewPage', () => {
  it('should call a token created in bulk "Bulk", as the event overview counts it', async () => {
    serveLedger([
      tokenRecord({ id: 'tok-bulk', user: 'guest-001', batchId: '019ab5c2-0f4e-7c3a' }),
      tokenRecord({ id: 'tok-one', user: 'guest-002' }),
    ]);
    renderOverview();
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    const bulk = within(table).getByRole('row', { name: /guest-001/ });
    const one = within(table).getByRole('row', { name: /guest-002/ });
    expect(within(bulk).getByRole('cell', { name: 'Bulk' })).toBeInTheDocument();
    expect(within(one).getByRole('cell', { name: 'Staff' })).toBeInTheDocument();
  });

  it('should list tokens with status chips, targets and kinds, and never show a token', async () => {
    serveLedger();
    renderOverview();

    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(6);
    for (const status of ['Active', 'Scheduled', 'Expired', 'Revoked']) {
      expect(within(table).getAllByText(status).length).toBeGreaterThan(0);
    }
    expect(within(table).getByText('Entire organisation')).toBeInTheDocument();
    expect(table).toHaveTextContent('Stream group grp-main-hall');
    expect(rows[1]).toHaveTextContent('DmoEv-Stage2, DmoEv-Stage3');
    expect(within(table).getByText('Viewer · Press room')).toBeInTheDocument();
    expect(within(table).getByText('vip-lounge')).toBeInTheDocument();
    expect(within(table).getAllByText('in 6 hours').length).toBeGreaterThan(0);
    expect(document.body.textContent).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });

  it('should send the status filter to the server and keep it in the URL', async () => {
    const requests = serveLedger();
    const { user } = renderOverview('/tokens?cursor=c25');
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(requests[0]!.searchParams.get('cursor')).toBe('c25');

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(screen.getByRole('option', { name: 'Revoked' }));

    await waitFor(() => expect(lastRequest(requests).searchParams.get('status')).toBe('revoked'));
    expect(lastRequest(requests).searchParams.get('cursor')).toBeNull();
    const search = new URLSearchParams(window.location.search);
    expect(search.get('status')).toBe('revoked');
    expect(search.get('cursor')).toBeNull();
  });

  it('should filter by any number of target types from the keyboard, in the URL and the export', async () => {
    const requests = serveLedger();
    const { user } = renderOverview('/tokens');
    await screen.findByRole('table', { name: 'Playback tokens' });
    const target = screen.getByRole('combobox', { name: 'Target' });
    expect(target).toHaveTextContent('Any target');
    while (document.activeElement !== target) await user.tab();
    await user.keyboard('{ArrowDown}');
    const options = await screen.findByRole('listbox', { name: 'Target' });
    expect(within(options).getByRole('option', { name: 'Streams' })).toHaveFocus();
    // Stream group, then Entire organisation: each chosen with Enter, the list stays open.
    await user.keyboard('{ArrowDown}{Enter}{ArrowDown}{Enter}{Escape}');

    await waitFor(() =>
      expect(lastRequest(requests).searchParams.get('targetType')).toBe('group,organisation'),
    );
    expect(new URLSearchParams(window.location.search).get('targetType')).toBe(
      'group,organisation',
    );
    expect(target).toHaveTextContent('Stream group, Entire organisation');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      expect.stringContaining('targetType=group%2Corganisation'),
    );
  });

  it('should send the stream, tag and user filters typed by the user', async () => {
    const requests = serveLedger();
    const { user } = renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });

    await user.type(screen.getByRole('textbox', { name: 'Stream' }), 'DmoEv-Stage2');
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'vip{Enter}');
    await user.type(screen.getByRole('textbox', { name: 'User ID' }), 'viewer-42');

    await waitFor(() => {
      const query = lastRequest(requests).searchParams;
      expect(query.get('stream')).toBe('DmoEv-Stage2');
      expect(query.get('tag')).toBe('vip');
      expect(query.get('user')).toBe('viewer-42');
    });
    expect(window.location.search).toContain('tag=vip');
  });

  it("should show and send the event overview's exact stream filter until it is cleared or typed over", async () => {
    const requests = serveLedger();
    const { user } = renderOverview(
      '/tokens?stream=event-1&streamMatch=exact&targetType=streams&status=active',
    );
    await screen.findByRole('table', { name: 'Playback tokens' });
    const chip = screen.getByRole('button', { name: 'Stream filter: event-1 (exact)' });
    expect(chip).toHaveTextContent('Stream: event-1 (exact)');
    const query = lastRequest(requests).searchParams;
    expect([query.get('stream'), query.get('streamMatch')]).toEqual(['event-1', 'exact']);
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      expect.stringContaining('stream=event-1&streamMatch=exact'),
    );
    // Typed text matches any part: the exact filter gives way to it.
    const box = screen.getByRole('textbox', { name: 'Stream' });
    expect(box).toHaveValue('');
    await user.type(box, 'event-1');
    await waitFor(() => expect(lastRequest(requests).searchParams.get('streamMatch')).toBeNull());
    expect(lastRequest(requests).searchParams.get('stream')).toBe('event-1');
    expect(screen.queryByRole('button', { name: /^Stream filter/ })).toBeNull();
  });

  it('should clear the exact stream filter from its chip, and keep the other filters', async () => {
    const requests = serveLedger();
    const { user } = renderOverview('/tokens?stream=event-1&streamMatch=exact&status=active');
    await screen.findByRole('table', { name: 'Playback tokens' });
    screen.getByRole('button', { name: 'Stream filter: event-1 (exact)' }).focus();
    await user.keyboard('{Backspace}');
    await waitFor(() => expect(lastRequest(requests).searchParams.get('stream')).toBeNull());
    const query = lastRequest(requests).searchParams;
    expect([query.get('streamMatch'), query.get('status')]).toEqual([null, 'active']);
    expect(screen.queryByRole('button', { name: /^Stream filter/ })).toBeNull();
  });

  it('should keep a pasted filter within what the server takes, so the list is filtered by it', async () => {
    const requests = serveLedger();
    const { user } = renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });

    const tag = screen.getByRole('textbox', { name: 'Tag' });
    await user.click(tag);
    await user.paste('press-'.repeat(20));
    await user.click(screen.getByRole('textbox', { name: 'User ID' }));
    await user.paste('u'.repeat(5000));

    await waitFor(() => {
      const query = lastRequest(requests).searchParams;
      expect(query.get('tag')).toBe('press-'.repeat(20).slice(0, 64));
      expect(query.get('user')).toBe('u'.repeat(128));
    });
    expect(tag).toHaveValue('press-'.repeat(20).slice(0, 64));
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeEnabled();
  });

  it('should say when the address has a filter it cannot use, and offer no export or revoke of the wider list', async () => {
    const requests = serveLedger();
    const { user } = renderOverview(`/tokens?tag=${'x'.repeat(65)}&status=nonsense&user=guest`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'This address has a filter the dashboard cannot use (Status, Tag: too long or not a value it knows)',
    );
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Revoke matching…' })).toBeNull();
    // Removing them keeps the filter that was fine, and both come back.
    await user.click(within(alert).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(await screen.findByRole('button', { name: 'Revoke matching…' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export CSV' })).toBeInTheDocument();
    expect(lastRequest(requests).searchParams.get('user')).toBe('guest');
  });

  it('should filter by creator, starting from the filters in the URL', async () => {
    const requests = serveLedger();
    const { user } = renderOverview('/tokens?status=expired&tag=press');
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(requests[0]!.searchParams.get('status')).toBe('expired');
    expect(requests[0]!.searchParams.get('tag')).toBe('press');
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveValue('press');

    await user.click(screen.getByRole('combobox', { name: 'Created by' }));
    await user.click(screen.getByRole('option', { name: 'Me' }));
    await waitFor(() =>
      expect(lastRequest(requests).searchParams.get('createdBy')).toBe('staff-admin'),
    );

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => {
      const query = lastRequest(requests).searchParams;
      expect(query.get('status')).toBeNull();
      expect(query.get('tag')).toBeNull();
      expect(query.get('createdBy')).toBeNull();
    });
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveValue('');
  });

  it('should match creators by part of a name or email as typed, and say what each filter matches', async () => {
    const requests = serveLedger();
    const { user } = renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveAttribute('placeholder', 'Any part');
    expect(screen.getByRole('textbox', { name: 'Stream' })).toHaveAttribute(
      'placeholder',
      'Any part',
    );
    expect(screen.getByRole('combobox', { name: 'Created by' })).toHaveAttribute(
      'placeholder',
      'Name/email',
    );

    await user.type(screen.getByRole('combobox', { name: 'Created by' }), 'ALI');
    await waitFor(() => expect(lastRequest(requests).searchParams.get('createdBy')).toBe('ALI'));
    expect(window.location.search).toContain('createdBy=ALI');
  });

  it('should say why a token matched the stream filter', async () => {
    serveLedger([
      {
        ...tokenRecord({ id: 'tok-group', target: { type: 'group', groupId: 'grp-1' } }),
        match: {
          type: 'group',
          groupId: 'grp-1',
          groupName: 'DmEvt-Cncrt',
          streams: ['DmEvt-Cn480'],
        },
      },
      {
        ...tokenRecord({ id: 'tok-everywhere', target: { type: 'organisation' } }),
        match: { type: 'organisation' },
      },
    ]);
    renderOverview('/tokens?stream=cn480');
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    expect(within(table).getByText('Via group DmEvt-Cncrt')).toBeVisible();
    expect(
      within(table).getByText('Plays DmEvt-Cn480 through stream group DmEvt-Cncrt'),
    ).toBeInTheDocument();
    expect(within(table).getByText('Plays every stream')).toBeVisible();
    expect(within(table).getByText('Organisation-wide: plays every stream')).toBeInTheDocument();
  });

  it('should say when stream groups could not be read', async () => {
    server.use(
      http.get('/api/tokens', () =>
        HttpResponse.json(tokenPage(sampleTokens(), { streamGroupsUnavailable: true })),
      ),
    );
    renderOverview('/tokens?stream=cn480');
    expect(await screen.findByText(/found by their group ID only/)).toBeInTheDocument();
  });

  it('should filter by playback policy and show viewer tokens with their policy', async () => {
    const requests = serveLedger();
    const { user } = renderOverview();
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    const viewerRow = within(table).getByText('Viewer · Press room').closest('tr')!;
    expect(within(viewerRow).getByText('Viewer request')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Policy' }));
    expect(screen.getByRole('option', { name: 'Any token' })).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'Press room' }));
    await waitFor(() => expect(lastRequest(requests).searchParams.get('policy')).toBe('pol-press'));
    expect(window.location.search).toContain('policy=pol-press');

    await user.click(screen.getByRole('button', { name: /Details of token for the entire/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    expect(within(drawer).getByText('Playback policy')).toBeInTheDocument();
    expect(within(drawer).getAllByText(/Press room/).length).toBeGreaterThan(0);
  });

  it('should keep a policy filter from a link even before the policies are loaded', async () => {
    const requests = serveLedger();
    renderOverview('/tokens?policy=pol-gone');
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(requests[0]!.searchParams.get('policy')).toBe('pol-gone');
    expect(screen.getByRole('combobox', { name: 'Policy' })).toHaveTextContent('pol-gone');
  });

  it('should sort by expiry when its column header is used', async () => {
    const requests = serveLedger();
    const { user } = renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(requests[0]!.searchParams.get('sort')).toBe('createdAt');
    expect(requests[0]!.searchParams.get('order')).toBe('desc');

    await user.click(screen.getByRole('button', { name: 'Expires' }));
    await waitFor(() => expect(lastRequest(requests).searchParams.get('sort')).toBe('expiresAt'));
    expect(lastRequest(requests).searchParams.get('order')).toBe('asc');

    await user.click(screen.getByRole('button', { name: /Expires/ }));
    await waitFor(() => expect(lastRequest(requests).searchParams.get('order')).toBe('desc'));
  });

  it('should page by cursor, newest first, and say when the count stopped', async () => {
    const requests = serveLedger(sampleTokens(), 60);
    const { user } = renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(screen.getByText('1–5 of 60')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to previous page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(lastRequest(requests).searchParams.get('cursor')).toBe('c25'));
    expect(window.location.search).toContain('cursor=c25');
    expect(await screen.findByText('26–30 of 60')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Go to first page' }));
    expect(await screen.findByText('1–5 of 60')).toBeInTheDocument();
    expect(window.location.search).not.toContain('cursor');

    await user.click(screen.getByRole('combobox', { name: 'Rows per page' }));
    await user.click(screen.getByRole('option', { name: '50' }));
    await waitFor(() => expect(lastRequest(requests).searchParams.get('pageSize')).toBe('50'));
    expect(lastRequest(requests).searchParams.get('cursor')).toBeNull();
  });

  it('should show a count that stopped at the cap as "10,000+"', async () => {
    serveLedger(sampleTokens(), 250_000);
    renderOverview();
    expect(await screen.findByText('1–5 of 10,000+')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to next page' })).toBeEnabled();
  });

  it('should start again at the first page when a link holds a cursor the server refuses', async () => {
    const requests: URL[] = [];
    server.use(
      http.get('/api/tokens', ({ request }) => {
        const url = new URL(request.url);
        requests.push(url);
        if (url.searchParams.get('cursor')) {
          return HttpResponse.json(
            {
              code: 'invalid-request',
              message: 'Cursor: not one this list gave out.',
              issues: [{ path: 'cursor', message: 'not one this list gave out.' }],
            },
            { status: 400 },
          );
        }
        return HttpResponse.json(tokenPage(sampleTokens()));
      }),
    );
    renderOverview('/tokens?cursor=stale');
    expect(await screen.findByRole('table', { name: 'Playback tokens' })).toBeInTheDocument();
    expect(window.location.search).not.toContain('cursor');
    expect(screen.queryByText(/could not be loaded/)).not.toBeInTheDocument();
  });

  it('should show every field and the decoded claims in the details drawer', async () => {
    serveLedger();
    const { user } = renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });

    await user.click(screen.getByRole('button', { name: /Details of token for DmoEv-Stage2/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    expect(window.location.search).toContain('record=tok-rev');
    expect(within(drawer).getByText('viewer-42')).toBeInTheDocument();
    expect(within(drawer).getByText('jti-tok-rev')).toBeInTheDocument();
    expect(within(drawer).getAllByText(/UTC$/).length).toBeGreaterThanOrEqual(3);
    const claims = within(drawer).getByLabelText('Decoded claims');
    expect(claims).toHaveTextContent('"aud": "splay"');
    expect(claims).toHaveTextContent('"jti": "jti-tok-rev"');
    // One claim a line: the line breaks of the printed JSON break lines, not shown as markers.
    expect(claims.textContent).toMatch(/^\{\n {2}"[a-z]+": /);
    expect(claims.querySelector('[data-control-character]')).toBeNull();
    expect(drawer.textContent).not.toMatch(/eyJ[\w-]+\.[\w-]+/);

    await user.click(within(drawer).getByRole('button', { name: 'Close details' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(window.location.search).not.toContain('record=');
  });

  it('should open the drawer from a row with the keyboard and from a link to the record', async () => {
    serveLedger();
    const { user } = renderOverview('/tokens?record=tok-org');
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    expect(
      await within(drawer).findByText('Entire organisation (every stream)'),
    ).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    screen.getByRole('button', { name: /Details of token for the entire organisation/ }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('dialog', { name: 'Token details' })).toBeInTheDocument();
  });

  it('should revoke a revocable active token after the admin confirms', async () => {
    let current = revocableToken();
    const revokes: string[] = [];
    server.use(
      http.get('/api/tokens', () => HttpResponse.json(tokenPage([current]))),
      http.post('/api/tokens/:id/revoke', ({ params, request }) => {
        revokes.push(String(params.id));
        expect(request.headers.get('x-csrf-token')).toBe('csrf-test-token');
        current = { ...current, status: 'revoked', revokedAt: new Date().toISOString() };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderOverview();
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    expect(within(table).getByText('Active')).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: /^Revoke token for/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke this token?' });
    expect(dialog).toHaveTextContent(/permanent/);
    expect(dialog).toHaveTextContent(/disconnected/);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    await waitFor(() => expect(revokes).toEqual(['tok-rev']));
    expect(await within(table).findByText('Revoked')).toBeInTheDocument();
    expect(within(table).queryByText('Active')).not.toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: /^Revoke/ })).not.toBeInTheDocument();
    expect(await screen.findByText(/Token revoked/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Revoke this token?' })).not.toBeInTheDocument(),
    );
  });

  it('should send nothing when the admin cancels the revoke, and show a refused revoke', async () => {
    const revokes: string[] = [];
    serveLedger([revocableToken()]);
    server.use(
      http.post('/api/tokens/:id/revoke', ({ params }) => {
        revokes.push(String(params.id));
        return HttpResponse.json(
          {
            code: 'upstream-error',
            message: 'The token service refused the revocation (code 2011).',
            upstream: { errorCode: 2011, message: 'echoed emu-token-demo-events-admin' },
          },
          { status: 502 },
        );
      }),
    );
    const { user } = renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });

    await user.click(screen.getByRole('button', { name: /^Revoke token for/ }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(revokes).toEqual([]);

    await user.click(screen.getByRole('button', { name: /^Revoke token for/ }));
    await user.click(await screen.findByRole('button', { name: 'Revoke token' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/^The token service refused the revocation \(code 2011\)\.$/);
    expect(alert).not.toHaveTextContent('emu-token');
    expect(revokes).toEqual(['tok-rev']);
  });

  it('should offer no revoke for tokens that are not revocable', async () => {
    serveLedger();
    const { user } = renderOverview();
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    // Only the one revocable active token offers it.
    expect(within(table).getAllByRole('button', { name: /^Revoke/ })).toHaveLength(1);

    await user.click(
      screen.getByRole('button', { name: /Details of token for the entire organisation/ }),
    );
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    expect(within(drawer).queryByRole('button', { name: 'Revoke token' })).not.toBeInTheDocument();
    expect(drawer).toHaveTextContent(/not revocable/);
  });

  it('should offer an editor no revoke for a token someone else created', async () => {
    asEditor();
    serveLedger();
    const { user } = renderOverview();
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    expect(within(table).getAllByText('Active').length).toBeGreaterThan(0);
    expect(within(table).queryByRole('button', { name: /^Revoke/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Details of token for DmoEv-Stage2/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    expect(within(drawer).queryByRole('button', { name: 'Revoke token' })).not.toBeInTheDocument();
    expect(drawer).toHaveTextContent(
      'Editors can revoke the tokens they created; this one needs an admin.',
    );
  });

  it('should say what to do next when there are no tokens', async () => {
    serveLedger([]);
    renderOverview();
    expect(
      await screen.findByRole('heading', { name: 'No playback tokens yet' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create secure playback token' })).toHaveAttribute(
      'href',
      '/tokens/new',
    );
    // Nothing to export or revoke yet.
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Revoke matching…' })).toBeNull();
  });

  it('should offer to clear the filters when nothing matches them', async () => {
    const requests = serveLedger([]);
    const { user } = renderOverview('/tokens?tag=nothing');
    expect(
      await screen.findByRole('heading', { name: 'No tokens match these filters' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Revoke matching…' })).toBeNull();
    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(clear[clear.length - 1]!);
    await waitFor(() => expect(lastRequest(requests).searchParams.get('tag')).toBeNull());
  });

  it('should show the request error to the user', async () => {
    server.use(
      http.get('/api/tokens', () =>
        HttpResponse.json(
          { code: 'internal', message: 'The ledger is unavailable.' },
          { status: 500 },
        ),
      ),
    );
    renderOverview();
    await waitFor(() =>
      expect(
        screen.getAllByRole('alert').some((el) => el.textContent === 'The ledger is unavailable.'),
      ).toBe(true),
    );
    expect(screen.getByText('The tokens could not be loaded.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  describe('on a phone', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('should show cards, fold the filters away and sort with a select', async () => {
      onAPhone();
      const requests = serveLedger();
      const { user } = renderOverview();

      const list = await screen.findByRole('list', { name: 'Playback tokens' });
      expect(within(list).getAllByRole('listitem')).toHaveLength(5);
      expect(screen.queryByRole('table')).not.toBeInTheDocument();
      expect(within(list).getAllByRole('button', { name: /^Revoke/ })).toHaveLength(1);

      const toggle = screen.getByRole('button', { name: 'Filters' });
      expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await user.click(toggle);
      expect(toggle).toHaveAttribute('aria-expanded', 'true');
      expect(screen.getByRole('textbox', { name: 'Tag' })).toBeVisible();

      await user.click(screen.getByRole('combobox', { name: 'Sort by' }));
      await user.click(screen.getByRole('option', { name: 'Expiring soonest' }));
      await waitFor(() => {
        expect(lastRequest(requests).searchParams.get('sort')).toBe('expiresAt');
        expect(lastRequest(requests).searchParams.get('order')).toBe('asc');
      });
    });

    it('should count an exact stream filter as one filter on the folded panel', async () => {
      onAPhone();
      serveLedger();
      renderOverview('/tokens?stream=event-1&streamMatch=exact&targetType=streams&status=active');
      await screen.findByRole('list', { name: 'Playback tokens' });
      expect(screen.getByRole('button', { name: 'Stream filter: event-1 (exact)' })).toBeVisible();
      expect(screen.getByRole('button', { name: 'Filters (3 active)' })).toBeInTheDocument();
    });
  });
});
