import { screen, waitFor, within } from '@testing-library/react';
import type { BulkRevocation, TokenRecord } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { TABLE_TIME_ZONE_KEY } from '@/lib/table-time-zone.ts';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { revocableToken, tokenPage, tokenRecord } from '@/testing/token-fixtures.ts';
import { TokensOverviewPage } from '../components/overview/tokens-overview-page.tsx';

const leaked = (i: number): TokenRecord =>
  tokenRecord({ ...revocableToken(), id: `tok-${i}`, tag: 'leaked', user: `viewer-${i}` });

const AS_OF = '2026-12-01T06:30:00.000Z';
const ADA = { id: 'staff-admin', email: 'admin@example.com', displayName: 'Ada admin' };
const EDDIE = { id: 'staff-editor', email: 'editor@example.com', displayName: 'Eddie Editor' };

const job = (
  overrides: Partial<BulkRevocation>,
  createdAt = new Date().toISOString(),
): BulkRevocation => ({
  id: '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21',
  state: 'running',
  filter: { tag: 'leaked' },
  ownOnly: false,
  createdBy: null,
  createdAt,
  finishedAt: null,
  stoppedBy: null,
  runBy: null,
  stoppedAt: null,
  total: 7,
  revoked: 0,
  skipped: 0,
  failed: 0,
  stopped: 0,
  pending: 7,
  sent: 0,
  run: { startedAt: createdAt, settled: 0 },
  failures: [],
  ...overrides,
});

function serve(role: 'admin' | 'editor' | 'viewer', ownOnly = false) {
  const started: unknown[] = [];
  const previews: URL[] = [];
  const retried: string[] = [];
  let reads = 0;
  server.use(
    http.get('/api/session', () => HttpResponse.json(sessionFor(role))),
    http.get('/api/tokens', () => HttpResponse.json(tokenPage([leaked(1), leaked(2)]))),
    http.get('/api/tokens/revocations/preview', ({ request }) => {
      previews.push(new URL(request.url));
      return HttpResponse.json({
        count: 7,
        notRevocable: 2,
        ownOnly,
        sample: [1, 2, 3].map(leaked),
        asOf: AS_OF,
      });
    }),
    http.post('/api/tokens/revocations', async ({ request }) => {
      started.push(await request.json());
      return HttpResponse.json(job({}), { status: 202 });
    }),
    http.get('/api/tokens/revocations/:id', () => {
      reads += 1;
      // Running on the first read, then done with two failures; after a retry, all revoked.
      if (retried.length > 0)
        return HttpResponse.json(job({ state: 'done', revoked: 7, pending: 0 }));
      return HttpResponse.json(
        reads < 2
          ? job({ revoked: 3, pending: 4 })
          : job({
              state: 'done',
              revoked: 4,
              skipped: 1,
              failed: 2,
              pending: 0,
              failures: [
                {
                  tokenId: 'tok-5',
                  tag: 'leaked',
                  user: 'viewer-5',
                  expiresAt: new Date().toISOString(),
                  message: 'nanoStream Cloud did not answer in time.',
                },
              ],
            }),
      );
    }),
    http.post('/api/tokens/revocations/:id/retry', ({ params }) => {
      retried.push(String(params.id));
      return HttpResponse.json(job({ state: 'running', revoked: 5, pending: 2 }), { status: 202 });
    }),
  );
  return { started, previews, retried };
}

const renderOverview = (route = '/tokens?tag=leaked') =>
  renderWithProviders(<TokensOverviewPage />, { route, path: '/tokens' });

describe('TokensOverviewPage: revoke by filter', () => {
  it('should show the count and a sample, and revoke only once the count is typed back', async () => {
    const { started, previews } = serve('admin');
    const { user } = renderOverview();
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    await within(dialog).findByText('7 active revocable tokens');
    expect(previews[0]?.searchParams.get('tag')).toBe('leaked');
    const sample = within(dialog).getByRole('table', { name: 'Tokens that will be revoked' });
    expect(within(sample).getAllByRole('row')).toHaveLength(4);
    expect(within(sample).getByText('viewer-2')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('and 4 more.');
    expect(dialog).toHaveTextContent(
      '2 other active tokens match but were not created as revocable',
    );

    const revoke = within(dialog).getByRole('button', { name: 'Revoke 7 tokens' });
    expect(revoke).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: 'Type 7 to confirm' }), '6');
    expect(revoke).toBeDisabled();
    await user.clear(within(dialog).getByRole('textbox', { name: 'Type 7 to confirm' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Type 7 to confirm' }), '7');
    await user.click(revoke);
    // The tokens counted then: those created meanwhile do not change the number.
    expect(started).toEqual([{ filter: { tag: 'leaked' }, expectedCount: 7, asOf: AS_OF }]);
  });

  it("should count and revoke by the event overview's exact stream filter, not a partial one", async () => {
    const { started, previews } = serve('admin');
    const { user } = renderOverview(
      '/tokens?stream=event-1&streamMatch=exact&targetType=streams&status=active',
    );
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    await within(dialog).findByText('7 active revocable tokens');
    expect(previews[0]?.searchParams.get('streamMatch')).toBe('exact');
    await user.type(within(dialog).getByRole('textbox', { name: 'Type 7 to confirm' }), '7');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke 7 tokens' }));
    const filter = {
      status: 'active',
      stream: 'event-1',
      streamMatch: 'exact',
      targetType: 'streams',
    };
    expect(started).toEqual([{ filter, expectedCount: 7, asOf: AS_OF }]);
  });

  it('should name the zone of the sample’s expiry times, in the zone the tables show', async () => {
    serve('admin');
    const openSample = async (user: ReturnType<typeof renderOverview>['user']) => {
      await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
      const dialog = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
      return within(dialog).findByRole('table', { name: 'Tokens that will be revoked' });
    };
    const first = renderOverview();
    // Local time first, the UTC instant below it. (By shape: the fixtures' times are made from
    // the clock when they are served, and a second may pass before they are read.)
    const utcInstant = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;
    const local = await openSample(first.user);
    expect(within(local).getAllByText(utcInstant)).toHaveLength(3);
    first.unmount();

    localStorage.setItem(TABLE_TIME_ZONE_KEY, 'utc');
    const utc = await openSample(renderOverview().user);
    // UTC first, in the tables' short form; the local time beside it.
    expect(within(utc).getAllByText(/ UTC$/)).toHaveLength(3);
    expect(within(utc).queryAllByText(utcInstant)).toHaveLength(0);
  });

  it('should name a stream group in the sample by its streams, as the token list does', async () => {
    serve('admin');
    const groupId = 'a1000000-0000-4000-8000-000000000002';
    server.use(
      http.get('/api/tokens/revocations/preview', () =>
        HttpResponse.json({
          count: 1,
          notRevocable: 0,
          ownOnly: false,
          sample: [{ ...leaked(1), target: { type: 'group', groupId } }],
          asOf: AS_OF,
        }),
      ),
      http.get('/api/stream-groups', () =>
        HttpResponse.json({
          items: [{ groupId, name: 'DmEvt-Cncrt', streams: ['DmEvt-Cncrt', 'DmEvt-Cn480'] }],
        }),
      ),
    );
    const { user } = renderOverview();
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    const sample = await within(dialog).findByRole('table', {
      name: 'Tokens that will be revoked',
    });
    await within(sample).findByText('DmEvt-Cncrt');
    expect(sample).toHaveTextContent('Stream group · 1 more stream');
    expect(sample).not.toHaveTextContent(groupId);
  });

  it('should warn that tokens matched by a stream through a group or the organisation stop everywhere', async () => {
    serve('admin');
    server.use(
      http.get('/api/tokens/revocations/preview', () =>
        HttpResponse.json({
          count: 7,
          notRevocable: 0,
          ownOnly: false,
          widerTargets: 2,
          sample: [1, 2, 3].map(leaked),
          asOf: AS_OF,
        }),
      ),
    );
    const { user } = renderOverview('/tokens?stream=DmEvt-Press');
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      '2 of them are for a stream group or the entire organisation: revoked, they stop playing every stream they open, not only the streams filtered. Narrow the filters (a tag, a user ID) if they should keep playing.',
    );
  });

  it('should send a start whose answer was lost again with the same Idempotency-Key', async () => {
    serve('admin');
    const keys: Array<string | null> = [];
    server.use(
      http.post('/api/tokens/revocations', ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        // The first answer never arrives (a proxy's timeout, a dropped connection).
        if (keys.length === 1) return HttpResponse.error();
        return HttpResponse.json(job({}), { status: 202 });
      }),
    );
    const { user } = renderOverview();
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    await user.type(
      await within(confirm).findByRole('textbox', { name: 'Type 7 to confirm' }),
      '7',
    );
    const revoke = within(confirm).getByRole('button', { name: 'Revoke 7 tokens' });
    await user.click(revoke);
    await waitFor(() => expect(keys).toHaveLength(1));
    await waitFor(() => expect(revoke).toBeEnabled());
    await user.click(revoke);
    await screen.findByRole('dialog', { name: 'Revoke by filter' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(keys[1]).toBe(keys[0]);
  });

  it('should say in the dialog, next to Cancel, why a revoke did not start, with no snackbar over its buttons', async () => {
    serve('admin');
    server.use(
      http.post('/api/tokens/revocations', () =>
        HttpResponse.json(
          { code: 'conflict', message: 'A revoke by filter of these tokens is already running.' },
          { status: 409 },
        ),
      ),
    );
    const { user } = renderOverview();
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    await user.type(await within(dialog).findByRole('textbox', { name: 'Type 7 to confirm' }), '7');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke 7 tokens' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'A revoke by filter of these tokens is already running.',
    );
    // Said once, in the dialog: no snackbar over its buttons.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    // Sent again, it is the same confirmation; closed, the next opening starts clean.
    expect(within(dialog).getByRole('button', { name: 'Revoke 7 tokens' })).toBeEnabled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const again = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    await within(again).findByRole('textbox', { name: 'Type 7 to confirm' });
    expect(within(again).queryByRole('alert')).toBeNull();
  });

  it('should say in the job dialog why a retry was refused', async () => {
    serve('admin');
    server.use(
      http.get('/api/tokens/revocations/:id', () =>
        HttpResponse.json(job({ state: 'done', revoked: 5, failed: 2, pending: 0 })),
      ),
      http.post('/api/tokens/revocations/:id/retry', () =>
        HttpResponse.json(
          { code: 'conflict', message: 'This revoke is being retried already.' },
          { status: 409 },
        ),
      ),
    );
    const { user } = renderOverview(`/tokens?tag=leaked&bulk=${job({}).id}`);
    const dialog = await screen.findByRole('dialog', { name: 'Revoke by filter' });
    await user.click(await within(dialog).findByRole('button', { name: 'Retry 2 not revoked' }));
    await within(dialog).findByText('This revoke is being retried already.');
    // Said once, in the dialog: no snackbar over its buttons.
    expect(screen.getAllByText('This revoke is being retried already.')).toHaveLength(1);
  });

  it('should follow the job to its summary, keep it in the URL, and retry the failures', async () => {
    const { retried } = serve('admin');
    const { user } = renderOverview();
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    await user.type(
      await within(confirm).findByRole('textbox', { name: 'Type 7 to confirm' }),
      '7',
    );
    await user.click(within(confirm).getByRole('button', { name: 'Revoke 7 tokens' }));

    const dialog = await screen.findByRole('dialog', { name: 'Revoke by filter' });
    expect(new URLSearchParams(window.location.search).get('bulk')).toBe(job({}).id);
    await within(dialog).findByText(
      /Done, but 2 tokens could not be revoked/,
      {},
      { timeout: 4000 },
    );
    expect(
      within(dialog)
        .getAllByRole('definition')
        .map((d) => d.textContent),
    ).toEqual(['4', '1', '2']);
    const notRevoked = within(dialog).getByRole('list', { name: 'Tokens not revoked' });
    expect(notRevoked).toHaveTextContent('nanoStream Cloud did not answer in time.');
    // Local time with the UTC instant beside it, as in the tables.
    expect(notRevoked).toHaveTextContent(/expires .+ \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\)/);
    await user.click(within(dialog).getByRole('button', { name: 'Retry 2 not revoked' }));
    expect(retried).toEqual([job({}).id]);
    await within(dialog).findByText('Done: every token was dealt with.', {}, { timeout: 4000 });
  });

  it('should send a retry whose answer was lost again with the same Idempotency-Key', async () => {
    serve('admin');
    const keys: Array<string | null> = [];
    server.use(
      http.get('/api/tokens/revocations/:id', () =>
        HttpResponse.json(
          keys.length > 1
            ? job({ state: 'done', revoked: 7, pending: 0 })
            : job({ state: 'done', revoked: 5, failed: 2, pending: 0 }),
        ),
      ),
      http.post('/api/tokens/revocations/:id/retry', ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        // The first answer never arrives (a proxy's timeout, a dropped connection).
        if (keys.length === 1) return HttpResponse.error();
        return HttpResponse.json(job({ revoked: 5, pending: 2 }), { status: 202 });
      }),
    );
    const { user } = renderOverview(`/tokens?tag=leaked&bulk=${job({}).id}`);
    const dialog = await screen.findByRole('dialog', { name: 'Revoke by filter' });
    const retry = await within(dialog).findByRole('button', { name: 'Retry 2 not revoked' });
    await user.click(retry);
    await waitFor(() => expect(keys).toHaveLength(1));
    await waitFor(() => expect(retry).toBeEnabled());
    await user.click(retry);
    await within(dialog).findByText('Done: every token was dealt with.', {}, { timeout: 4000 });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(keys[1]).toBe(keys[0]);
  });

  it('should follow a job its server stopped until the dashboard has taken it up and finished it', async () => {
    serve('admin');
    let reads = 0;
    server.use(
      http.get('/api/tokens/revocations/:id', () => {
        reads += 1;
        return HttpResponse.json(
          reads < 2
            ? job({ state: 'interrupted', revoked: 3, pending: 4 })
            : job({ state: 'done', revoked: 7, pending: 0 }),
        );
      }),
    );
    renderOverview(`/tokens?tag=leaked&bulk=${job({}).id}`);
    const dialog = await screen.findByRole('dialog', { name: 'Revoke by filter' });
    expect(
      await within(dialog).findByText(/stopped before it was done \(4 not tried yet\)/),
    ).toHaveTextContent('The dashboard goes on with it by itself within seconds');
    await within(dialog).findByText('Done: every token was dealt with.', {}, { timeout: 4000 });
  });

  it('should say an editor’s revoke covers only their own tokens', async () => {
    serve('editor', true);
    const { user } = renderOverview();
    await user.click(await screen.findByRole('button', { name: 'Revoke matching…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke matching tokens?' });
    expect(
      await within(dialog).findByText(/As an editor you revoke only the tokens you created/),
    ).toBeInTheDocument();
  });

  it('should offer viewers neither revoke by filter nor the export', async () => {
    serve('viewer');
    renderOverview();
    await screen.findByRole('table', { name: 'Playback tokens' });
    expect(screen.queryByRole('button', { name: 'Revoke matching…' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
  });

  it('should link the export to the current filters', async () => {
    serve('editor');
    renderOverview('/tokens?tag=leaked&status=active');
    const link = await screen.findByRole('link', { name: 'Export CSV' });
    await waitFor(() =>
      expect(link).toHaveAttribute(
        'href',
        '/api/tokens/export.csv?status=active&tag=leaked&sort=createdAt&order=desc',
      ),
    );
  });

  it('should say, while revoking, when the job will be done at its pace so far, as a batch does', async () => {
    serve('admin');
    server.use(
      http.get('/api/tokens/revocations/:id', () =>
        HttpResponse.json(
          // 100 tokens in the first 10 seconds: the other 1,200 take about 2 minutes.
          job(
            { total: 1300, revoked: 90, skipped: 10, pending: 1200 },
            new Date(Date.now() - 10_000).toISOString(),
          ),
        ),
      ),
    );
    renderOverview(`/tokens?tag=leaked&bulk=${job({}).id}`);
    const dialog = await screen.findByRole('dialog', { name: 'Revoke by filter' });
    expect(
      await within(dialog).findByText(
        /^Revoking… 100 of 1,300 done · at this pace, done in 2 minutes\. You can close this/,
      ),
    ).toBeVisible();
  });

  it('should say, once a job is retried, when it will be done at the pace since the retry', async () => {
    serve('admin');
    server.use(
      http.get('/api/tokens/revocations/:id', () =>
        HttpResponse.json(
          // Started two hours ago; 500 tokens were settled before the retry 10 seconds ago, 100
          // since: the other 1,200 take about 2 minutes (not the 4 hours since its start).
          job(
            {
              total: 1800,
              revoked: 590,
              skipped: 10,
              pending: 1200,
              run: { startedAt: new Date(Date.now() - 10_000).toISOString(), settled: 500 },
              // Started by the admin, retried by an editor: it goes on as the editor.
              createdBy: ADA,
              runBy: EDDIE,
            },
            new Date(Date.now() - 2 * 60 * 60_000).toISOString(),
          ),
        ),
      ),
    );
    renderOverview(`/tokens?tag=leaked&bulk=${job({}).id}`);
    const dialog = await screen.findByRole('dialog', { name: 'Revoke by filter' });
    expect(
      await within(dialog).findByText(
        /^Revoking… 600 of 1,800 done · at this pace, done in 2 minutes\. You can close this/,
      ),
    ).toBeVisible();
    expect(within(dialog).getByText('Retried by').nextElementSibling).toHaveTextContent(
      'Eddie Editor',
    );
  });

  it('should stop a running job after asking, keyboard first, and show who stopped it and what was left', async () => {
    serve('admin');
    const stopper = { id: 'staff-admin', email: 'admin@example.com', displayName: 'Ada admin' };
    const stops: string[] = [];
    let stoppedAt: string | null = null;
    server.use(
      http.get('/api/tokens/revocations/:id', () =>
        HttpResponse.json(
          stoppedAt === null
            ? job({ revoked: 36, total: 400, pending: 364, sent: 8 })
            : job({
                state: 'done',
                total: 400,
                revoked: 38,
                skipped: 1,
                failed: 1,
                stopped: 360,
                pending: 0,
                stoppedBy: stopper,
                stoppedAt,
                finishedAt: stoppedAt,
              }),
        ),
      ),
      http.post('/api/tokens/revocations/:id/cancel', ({ params }) => {
        stops.push(String(params.id));
        stoppedAt = new Date().toISOString();
        return HttpResponse.json(
          job({ revoked: 36, total: 400, pending: 364, sent: 8, stoppedBy: stopper, stoppedAt }),
        );
      }),
    );
    const { user } = renderOverview(`/tokens?tag=leaked&bulk=${job({}).id}`);
    const dialog = await screen.findByRole('dialog', { name: 'Revoke by filter' });
    await within(dialog).findByText(/36 of 400 done/);

    // Asked first; the safe choice is focused, so Enter or Escape keeps it running.
    await user.click(within(dialog).getByRole('button', { name: 'Stop revoking' }));
    let ask = await screen.findByRole('dialog', { name: 'Stop revoking?' });
    expect(ask).toHaveTextContent(
      'The 356 tokens not yet sent to nanoStream Cloud will stay valid. The 8 revokes already sent finish and may still succeed; those already revoked stay revoked.',
    );
    expect(within(ask).getByRole('button', { name: 'Keep revoking' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Stop revoking?' })).toBeNull(),
    );
    expect(stops).toEqual([]);
    const stop = within(dialog).getByRole('button', { name: 'Stop revoking' });
    await waitFor(() => expect(stop).toHaveFocus());

    await user.keyboard('{Enter}');
    ask = await screen.findByRole('dialog', { name: 'Stop revoking?' });
    await user.tab();
    const confirmStop = within(ask).getByRole('button', { name: 'Stop revoking' });
    expect(confirmStop).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(stops).toEqual([job({}).id]));

    await waitFor(
      () =>
        expect(within(dialog).getByRole('alert')).toHaveTextContent(
          // When, with its zone: the same moment in UTC beside the local time.
          /^Stopped by Ada admin at .+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\): 38 tokens were revoked, and 360 stay valid\.$/,
        ),
      { timeout: 4000 },
    );
    expect(within(dialog).queryByRole('button', { name: 'Stop revoking' })).toBeNull();
    const terms = within(dialog).getAllByRole('term');
    const values = within(dialog).getAllByRole('definition');
    expect(terms.map((term, i) => `${term.textContent}: ${values[i]?.textContent}`)).toEqual([
      'Revoked: 38',
      'Not revoked: stopped: 360',
      'Already expired / not revocable: 1',
      'Failed: 1',
    ]);
    // A stopped job's failures are not retried: what it left was left on purpose.
    expect(within(dialog).queryByRole('button', { name: /Retry/ })).toBeNull();
    // The button the confirmation came from is gone: focus is on the dialog's Close, not lost.
    await waitFor(() =>
      expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus(),
    );
  });
});
