import type { BulkBatch, BulkBatchRequest } from '@ptd/contracts';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { formatLocal, formatUtc } from '@/lib/format.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { tokenPage, tokenRecord } from '@/testing/token-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';

const BATCH_ID = '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21';
const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln';

const batch = (overrides: Partial<BulkBatch> = {}): BulkBatch => ({
  id: BATCH_ID,
  state: 'minting',
  target: { type: 'streams', streams: ['DmoEv-Stage2'] },
  createdAt: '2026-11-30T03:00:00.000Z',
  createdBy: null,
  finishedAt: null,
  counts: { total: 2, pending: 1, minting: 0, minted: 1, failed: 0, cancelled: 0 },
  resultsAvailable: false,
  resultsDownloadedAt: null,
  resultsExpiredAt: null,
  creatorMayMint: true,
  run: { startedAt: '2026-11-30T03:00:00.000Z', settled: 0 },
  failedRows: [],
  ...overrides,
});

const FINISHED = batch({
  state: 'finished',
  counts: { total: 2, pending: 0, minting: 0, minted: 2, failed: 0, cancelled: 0 },
  resultsAvailable: true,
});

/** The batch page is answered a batch that ended with row 3 not minted (the service was away). */
const serveEnded = (overrides: Partial<BulkBatch>) =>
  server.use(
    http.get(`/api/token-batches/${BATCH_ID}`, () =>
      HttpResponse.json(
        batch({
          state: 'finished',
          finishedAt: '2026-11-30T03:05:00.000Z',
          failedRows: [
            { row: 3, user: 'guest-3', tag: null, reason: 'The token service is not reachable.' },
          ],
          ...overrides,
        }),
      ),
    ),
  );

/** Each batch asked for is created (the requests kept in the array returned) and stays minting. */
function serveNewBatch() {
  const sent: BulkBatchRequest[] = [];
  server.use(
    http.post('/api/token-batches', async ({ request }) => {
      sent.push((await request.json()) as BulkBatchRequest);
      return HttpResponse.json(batch(), { status: 201 });
    }),
    http.get(`/api/token-batches/${BATCH_ID}`, () => HttpResponse.json(batch())),
  );
  return sent;
}

let saved: string[] = [];
/** The names the downloads were given, as the browser would save them. */
let savedNames: string[] = [];
beforeEach(() => {
  saved = [];
  savedNames = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const reader = new FileReader();
    reader.onload = () => saved.push(String(reader.result));
    reader.readAsText(blob);
    return 'blob:results';
  });
  URL.revokeObjectURL = vi.fn();
  // jsdom cannot follow a download link; the file's content is what matters.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    savedNames.push(this.download);
  });
});
afterEach(() => vi.restoreAllMocks());

/** The bulk page with these rows pasted and a stream chosen. */
async function openWithRows(csv: string) {
  const view = renderApp('/tokens/bulk');
  await screen.findByRole('heading', { level: 1, name: 'Create tokens in bulk' });
  await view.user.click(screen.getByRole('textbox', { name: 'Or paste the rows' }));
  await view.user.paste(csv);
  await chooseStream(view.user, 'Stage', /DmoEv-Stage2/);
  return view;
}

describe('Create in bulk', () => {
  it('should say how to write a date a spreadsheet wrote its own way', async () => {
    const { user } = await openWithRows(
      'user id,expiry,not before\nguest-1,24/12/2026 18:00,\nguest-2,,2026-12-24 17:00\n',
    );
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    const problems = await screen.findByRole('list', { name: 'Problems by row' });
    expect(problems).toHaveTextContent(
      'Row 1, expiry: write the date and time as 2026-12-24T18:00:00Z (UTC) or with its offset, 2026-12-24T19:00:00+01:00.',
    );
    expect(problems).toHaveTextContent(
      'Row 2, not before: write the date and time as 2026-12-24T18:00:00Z (UTC) or with its offset, 2026-12-24T19:00:00+01:00.',
    );
  });

  it('should preview a CSV with errors by row, mint once it is fixed, and download the tokens once', async () => {
    const sent: BulkBatchRequest[] = [];
    let polls = 0;
    let downloads = 0;
    server.use(
      http.post('/api/token-batches', async ({ request }) => {
        sent.push((await request.json()) as BulkBatchRequest);
        return HttpResponse.json(batch(), { status: 201 });
      }),
      http.get(`/api/token-batches/${BATCH_ID}`, () => {
        polls += 1;
        if (downloads > 0) {
          return HttpResponse.json({
            ...FINISHED,
            resultsAvailable: false,
            resultsDownloadedAt: '2026-11-30T03:01:00.000Z',
          });
        }
        return HttpResponse.json(polls < 2 ? batch() : FINISHED);
      }),
      http.post(`/api/token-batches/${BATCH_ID}/results`, () => {
        downloads += 1;
        if (downloads > 1) {
          return HttpResponse.json(
            { code: 'results-gone', message: 'The tokens of this batch were downloaded already.' },
            { status: 410 },
          );
        }
        return new HttpResponse(
          `user id,tag,token,web playout URL\r\nguest-1,,${TOKEN},https://p/x\r\n`,
          { headers: { 'content-type': 'text/csv' } },
        );
      }),
    );
    const { user } = renderApp('/tokens/bulk');

    await screen.findByRole('heading', { level: 1, name: 'Create tokens in bulk' });
    const file = new File(
      ['\uFEFFuser id;client IP\nguest-1;203.0.113.7\nguest-2;10.0.0\n'],
      'press.csv',
      {
        type: 'text/csv',
      },
    );
    await user.upload(screen.getByLabelText('Choose CSV file'), file);
    expect(await screen.findByText('press.csv')).toBeInTheDocument();
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);

    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    const problems = await screen.findByRole('list', { name: 'Problems by row' });
    expect(
      within(problems).getByText(/^Row 2, client IP: enter a single IPv4 address/),
    ).toBeInTheDocument();
    expect(screen.getByText('1 of 2 rows need fixing; nothing was minted')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mint tokens' })).toBeDisabled();
    expect(sent).toHaveLength(0);

    const pasted = screen.getByRole('textbox', { name: 'Or paste the rows' });
    await user.clear(pasted);
    await user.click(pasted);
    await user.paste('user id,tag\nguest-1,press\nguest-2,press\n');
    // The list changed: it has to be checked again before anything is minted.
    expect(screen.queryByRole('list', { name: 'Problems by row' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(await screen.findByText(/All 2 rows are fine/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Mint 2 tokens' }));

    await waitFor(() => expect(window.location.pathname).toBe(`/tokens/bulk/${BATCH_ID}`));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.rows).toEqual([
      { user: 'guest-1', tag: 'press' },
      { user: 'guest-2', tag: 'press' },
    ]);
    expect(sent[0]!.options).toMatchObject({
      target: { type: 'streams', streams: ['DmoEv-Stage2'] },
    });
    expect(sent[0]!.options).not.toHaveProperty('user');

    expect(
      await screen.findByRole('progressbar', { name: 'Minting progress' }),
    ).toBeInTheDocument();
    const download = await screen.findByRole(
      'button',
      { name: 'Download tokens (CSV)' },
      { timeout: 4000 },
    );
    expect(screen.getByText('2 of 2 minted')).toBeInTheDocument();
    await user.click(download);
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toContain(TOKEN);
    // Named after its target and when the batch was created, as the exports are.
    expect(savedNames).toEqual(['tokens-batch-dmoev-stage2-2026-11-30T0300Z.csv']);
    const done = await screen.findByText(/The tokens were downloaded/);
    // In the dashboard's own date format, as everywhere else (not the browser's 11/30/2026),
    // with the UTC instant: never a time without its zone.
    expect(done).toHaveTextContent(
      `The tokens were downloaded (${formatLocal('2026-11-30T03:01:00.000Z')}, ${formatUtc('2026-11-30T03:01:00.000Z')}).`,
    );
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Download tokens (CSV)' })).toBeNull(),
    );
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(downloads).toBe(1);
  }, 60_000);

  it('should put a refused option under its field and a refused row in the alert above Mint', async () => {
    server.use(
      http.post('/api/token-batches', () =>
        HttpResponse.json(
          {
            code: 'invalid-request',
            message: 'The batch is not valid.',
            issues: [
              { path: 'options.tag', message: 'Tag: the server refuses this tag.' },
              { path: 'rows.1.user', message: 'Row 2, user id: already has a token.' },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp('/tokens/bulk');
    await screen.findByRole('heading', { level: 1, name: 'Create tokens in bulk' });
    await user.click(screen.getByRole('textbox', { name: 'Or paste the rows' }));
    await user.paste('user id\nguest-1\nguest-2\n');
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    await user.click(await screen.findByRole('button', { name: 'Mint 2 tokens' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Row 2, user id: already has a token.',
    );
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveAccessibleDescription(
      'Tag: the server refuses this tag.',
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(window.location.pathname).toBe('/tokens/bulk');
  }, 60_000);

  it('should name the rows with a private or special client IP and mint them only once confirmed', async () => {
    const sent = serveNewBatch();
    const { user } = await openWithRows(
      'user id,client IP\nguest-1,203.0.113.7\nguest-2,10.9.8.7\nguest-3,\nguest-4,127.0.0.1\nguest-5,10.9.8.7\n',
    );
    await user.click(screen.getByRole('button', { name: 'Check rows' }));

    const question = await screen.findByRole('group', {
      name: '3 of 5 rows have a client IP that is not a viewer’s public address',
    });
    const listed = within(question).getByRole('list', { name: 'Rows with a non-public client IP' });
    expect(
      within(listed)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Rows 2, 5: 10.9.8.7 is a private address (10.0.0.0/8).',
      'Row 4: 127.0.0.1 is a loopback address (this machine) (127.0.0.0/8).',
    ]);
    expect(screen.queryByText(/rows are fine/)).toBeNull();

    // Mint without the answer: nothing is sent, and the question says what it needs.
    await user.click(screen.getByRole('button', { name: 'Mint 5 tokens' }));
    const confirm = within(question).getByRole('checkbox', {
      name: 'Mint these rows with these addresses anyway (a lab network)',
    });
    expect(confirm).toHaveFocus();
    expect(confirm).toHaveAccessibleDescription(/confirm that you mean these addresses/);
    expect(sent).toHaveLength(0);

    await user.click(confirm);
    await user.click(screen.getByRole('button', { name: 'Mint 5 tokens' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.rows.map((row) => row.ip)).toEqual([
      '203.0.113.7',
      '10.9.8.7',
      undefined,
      '127.0.0.1',
      '10.9.8.7',
    ]);
  }, 60_000);

  it('should count the rows of 2,000 with a non-public client IP and list only those', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => {
      const row = i + 1;
      const ip =
        row > 100 && row <= 130 ? '192.168.1.20' : row === 1500 ? '100.64.3.4' : '203.0.113.7';
      return `guest-${row},${ip}`;
    });
    const { user } = await openWithRows(`user id,client IP\n${lines.join('\n')}\n`);
    await user.click(screen.getByRole('button', { name: 'Check rows' }));

    const question = await screen.findByRole('group', {
      name: '31 of 2,000 rows have a client IP that is not a viewer’s public address',
    });
    expect(
      within(question)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Rows 101–130: 192.168.1.20 is a private address (192.168.0.0/16).',
      'Row 1500: 100.64.3.4 is a carrier-grade NAT (shared) address (100.64.0.0/10).',
    ]);
    expect(screen.getByRole('button', { name: 'Mint 2,000 tokens' })).toBeEnabled();
  }, 60_000);

  it('should ask about the options’ own private client IP before the rows, and not again for them', async () => {
    const { user } = await openWithRows('user id\nguest-1\nguest-2\n');
    await user.type(screen.getByRole('textbox', { name: 'Client IP' }), '10.9.8.7');
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    const problems = await screen.findByRole('list', { name: 'Problems by row' });
    expect(problems).toHaveTextContent(/^Client IP: confirm that you mean this address/);
    expect(screen.getByRole('button', { name: 'Mint tokens' })).toBeDisabled();

    await user.click(screen.getByRole('checkbox', { name: /Use this address anyway/ }));
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(await screen.findByText(/All 2 rows are fine/)).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: /client IP that is not/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Mint 2 tokens' })).toBeEnabled();
  }, 60_000);

  it('should list rows not minted with their reason, and retry only those', async () => {
    const failed = batch({
      state: 'finished',
      counts: { total: 3, pending: 0, minting: 0, minted: 2, failed: 1, cancelled: 0 },
      resultsAvailable: true,
      failedRows: [
        { row: 3, user: 'guest-3', tag: null, reason: 'The token service is not reachable.' },
      ],
    });
    let retried = 0;
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json(retried > 0 ? FINISHED : failed),
      ),
      http.post(`/api/token-batches/${BATCH_ID}/retry`, () => {
        retried += 1;
        return HttpResponse.json(
          batch({
            counts: { total: 3, pending: 1, minting: 0, minted: 2, failed: 0, cancelled: 0 },
          }),
        );
      }),
    );
    const { user } = renderApp(`/tokens/bulk/${BATCH_ID}`);
    const table = await screen.findByRole('table', { name: 'Rows not minted' });
    expect(within(table).getByText('The token service is not reachable.')).toBeInTheDocument();
    expect(screen.getByText(/Retry the rows not minted first/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry failed rows' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Minting tokens…' })).toBeVisible();
    expect(retried).toBe(1);
    expect(
      await screen.findByRole('button', { name: 'Download tokens (CSV)' }, { timeout: 4000 }),
    ).toBeVisible();
  });

  it('should offer no retry once the tokens were erased, and say why', async () => {
    serveEnded({
      counts: { total: 3, pending: 0, minting: 0, minted: 2, failed: 1, cancelled: 0 },
      resultsExpiredAt: '2026-12-07T03:05:00.000Z',
    });
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    const table = await screen.findByRole('table', { name: 'Rows not minted' });
    expect(within(table).getByText('guest-3')).toBeInTheDocument();
    expect(screen.getByText(/were erased a week after minting ended/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry failed rows' })).not.toBeInTheDocument();
  });

  it('should send a retry whose answer was lost again with the same Idempotency-Key', async () => {
    const failed = batch({
      state: 'finished',
      counts: { total: 3, pending: 0, minting: 0, minted: 2, failed: 1, cancelled: 0 },
      resultsAvailable: true,
      failedRows: [
        { row: 3, user: 'guest-3', tag: null, reason: 'The token service is not reachable.' },
      ],
    });
    const keys: Array<string | null> = [];
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json(keys.length > 1 ? FINISHED : failed),
      ),
      http.post(`/api/token-batches/${BATCH_ID}/retry`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        // The first answer never arrives (a proxy's timeout, a dropped connection).
        if (keys.length === 1) return HttpResponse.error();
        return HttpResponse.json(
          batch({
            counts: { total: 3, pending: 1, minting: 0, minted: 2, failed: 0, cancelled: 0 },
          }),
        );
      }),
    );
    const { user } = renderApp(`/tokens/bulk/${BATCH_ID}`);
    const retry = await screen.findByRole('button', { name: 'Retry failed rows' });
    await user.click(retry);
    await waitFor(() => expect(keys).toHaveLength(1));
    await waitFor(() => expect(retry).toBeEnabled());
    await user.click(retry);
    expect(await screen.findByRole('heading', { level: 1, name: 'Minting tokens…' })).toBeVisible();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(keys[1]).toBe(keys[0]);
  });

  it('should say, while minting, when the batch will be done at its pace so far', async () => {
    const createdAt = new Date(Date.now() - 10_000).toISOString();
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json(
          batch({
            // 100 rows in the first 10 seconds: the other 1,200 take about 2 minutes.
            createdAt,
            run: { startedAt: createdAt, settled: 0 },
            counts: {
              total: 1300,
              pending: 1200,
              minting: 0,
              minted: 100,
              failed: 0,
              cancelled: 0,
            },
          }),
        ),
      ),
    );
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(
      await screen.findByText('100 of 1,300 minted · at this pace, done in 2 minutes'),
    ).toBeVisible();
  });

  it('should say, once cancelled rows are being minted, when they will be done at the pace since', async () => {
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json(
          batch({
            // Created two hours ago; 500 rows were minted before the cancel. Minted again
            // 10 seconds ago: 100 since, so the other 1,200 take about 2 minutes (not the 4
            // hours the pace since its creation would say).
            createdAt: new Date(Date.now() - 2 * 60 * 60_000).toISOString(),
            run: { startedAt: new Date(Date.now() - 10_000).toISOString(), settled: 500 },
            counts: {
              total: 1800,
              pending: 1200,
              minting: 0,
              minted: 600,
              failed: 0,
              cancelled: 0,
            },
          }),
        ),
      ),
    );
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(
      await screen.findByText('600 of 1,800 minted · at this pace, done in 2 minutes'),
    ).toBeVisible();
  });

  it('should say no pace for rows minted again until one of them is done', async () => {
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json(
          batch({
            createdAt: new Date(Date.now() - 2 * 60 * 60_000).toISOString(),
            run: { startedAt: new Date(Date.now() - 10_000).toISOString(), settled: 2 },
            counts: { total: 4, pending: 2, minting: 0, minted: 2, failed: 0, cancelled: 0 },
          }),
        ),
      ),
    );
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(await screen.findByText('2 of 4 minted')).toBeVisible();
  });

  it('should name a batch’s stream group by its streams, as Playback tokens does', async () => {
    const groupId = 'a1000000-0000-4000-8000-000000000002';
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json({ ...FINISHED, target: { type: 'group', groupId } }),
      ),
      http.get('/api/stream-groups', () =>
        HttpResponse.json({
          items: [{ groupId, name: 'DmEvt-Cncrt', streams: ['DmEvt-Cncrt', 'DmEvt-Cn480'] }],
        }),
      ),
    );
    const { user } = renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(await screen.findByText('2 tokens for stream group DmEvt-Cncrt.')).toBeInTheDocument();

    // The download, from the keyboard, is named after the group as the page names it.
    server.use(
      http.post(
        `/api/token-batches/${BATCH_ID}/results`,
        () =>
          new HttpResponse(`user id,token\r\nguest-1,${TOKEN}\r\n`, {
            headers: { 'content-type': 'text/csv' },
          }),
      ),
    );
    const download = screen.getByRole('button', { name: 'Download tokens (CSV)' });
    while (document.activeElement !== download) await user.tab();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(savedNames).toEqual(['tokens-batch-group-dmevt-cncrt-2026-11-30T0300Z.csv']),
    );
  });

  it('should offer a cancelled batch’s tokens once the rows still at the token service are done', async () => {
    let cancelled = false;
    let polls = 0;
    // The row at the token service is done only once the page has been seen without it.
    let finishRow!: () => void;
    const rowDone = new Promise<void>((resolve) => (finishRow = resolve));
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, async () => {
        if (!cancelled) return HttpResponse.json(batch());
        await rowDone;
        polls += 1;
        return HttpResponse.json(
          batch({
            state: 'cancelled',
            counts: { total: 3, pending: 0, minting: 0, minted: 2, failed: 0, cancelled: 1 },
            resultsAvailable: true,
          }),
        );
      }),
      http.post(`/api/token-batches/${BATCH_ID}/cancel`, () => {
        cancelled = true;
        return HttpResponse.json(
          batch({
            state: 'cancelled',
            counts: { total: 3, pending: 0, minting: 1, minted: 1, failed: 0, cancelled: 1 },
          }),
        );
      }),
    );
    const { user } = renderApp(`/tokens/bulk/${BATCH_ID}`);
    // Asked first: the rows not started are never minted, and that cannot be undone.
    await user.click(await screen.findByRole('button', { name: 'Cancel the rest' }));
    let confirm = await screen.findByRole('dialog', { name: 'Cancel the rest of this batch?' });
    expect(confirm).toHaveTextContent(
      'The 1 row not started yet will not be minted now; this page can mint them later, until the tokens are downloaded. The tokens already minted stay valid and are in the download.',
    );
    await user.click(within(confirm).getByRole('button', { name: 'Keep minting' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(cancelled).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Cancel the rest' }));
    confirm = await screen.findByRole('dialog', { name: 'Cancel the rest of this batch?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel the rest' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Batch cancelled' })).toBeVisible();
    // Its button gone, focus goes to the page, not to nowhere.
    await waitFor(() => expect(document.activeElement).toHaveAttribute('id', 'main-content'));
    expect(
      screen.getByText('1 of 3 minted · 1 not minted (cancelled) · 1 still being issued'),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Download tokens (CSV)' })).not.toBeInTheDocument();
    finishRow();
    expect(
      await screen.findByRole('button', { name: 'Download tokens (CSV)' }, { timeout: 3000 }),
    ).toBeVisible();
    expect(screen.getByText('2 of 3 minted · 1 not minted (cancelled)')).toBeVisible();
    expect(polls).toBeGreaterThan(0);
  });

  it('should count a cancelled batch’s row the token service told to wait as still being issued, and follow it', async () => {
    let polls = 0;
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () => {
        polls += 1;
        // Asked again after the wait (pending meanwhile), then minted.
        return HttpResponse.json(
          polls < 3
            ? batch({
                state: 'cancelled',
                counts: { total: 3, pending: 1, minting: 0, minted: 1, failed: 0, cancelled: 1 },
              })
            : batch({
                state: 'cancelled',
                finishedAt: '2026-11-30T03:05:00.000Z',
                counts: { total: 3, pending: 0, minting: 0, minted: 2, failed: 0, cancelled: 1 },
                resultsAvailable: true,
              }),
        );
      }),
    );
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(
      await screen.findByText('1 of 3 minted · 1 not minted (cancelled) · 1 still being issued'),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Download tokens (CSV)' })).not.toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Download tokens (CSV)' }, { timeout: 4000 }),
    ).toBeVisible();
    expect(screen.getByText('2 of 3 minted · 1 not minted (cancelled)')).toBeVisible();
  });

  it('should mint a cancelled batch’s rows later, asked first, by keyboard', async () => {
    const CANCELLED = batch({
      state: 'cancelled',
      finishedAt: '2026-11-30T03:05:00.000Z',
      counts: { total: 5, pending: 0, minting: 0, minted: 2, failed: 0, cancelled: 3 },
      resultsAvailable: true,
    });
    const keys: Array<string | null> = [];
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json(keys.length > 0 ? FINISHED : CANCELLED),
      ),
      http.post(`/api/token-batches/${BATCH_ID}/resume`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json(
          batch({
            counts: { total: 5, pending: 3, minting: 0, minted: 2, failed: 0, cancelled: 0 },
          }),
        );
      }),
    );
    const { user } = renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Batch cancelled' })).toBeVisible();
    expect(screen.getByText(/Mint the cancelled rows first if they are needed/)).toBeVisible();
    const button = screen.getByRole('button', { name: 'Mint the cancelled rows' });
    button.focus();
    await user.keyboard('{Enter}');
    let confirm = await screen.findByRole('dialog', { name: 'Mint the 3 cancelled rows?' });
    expect(confirm).toHaveAccessibleDescription(
      "They are minted now with the batch's options, each checked again: a row whose expiry has passed is not minted and says why. The new tokens join this batch's download.",
    );
    // The safe choice has the focus: Enter leaves the rows as they are.
    expect(within(confirm).getByRole('button', { name: 'Not now' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(keys).toHaveLength(0);
    expect(button).toHaveFocus();
    await user.keyboard('{Enter}');
    confirm = await screen.findByRole('dialog', { name: 'Mint the 3 cancelled rows?' });
    await user.tab();
    expect(within(confirm).getByRole('button', { name: 'Mint them' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Minting tokens…' })).toBeVisible();
    expect(keys).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    // Its button gone, focus goes to the page, not to nowhere.
    await waitFor(() => expect(document.activeElement).toHaveAttribute('id', 'main-content'));
    expect(screen.queryByRole('button', { name: 'Mint the cancelled rows' })).toBeNull();
    expect(
      await screen.findByRole('button', { name: 'Download tokens (CSV)' }, { timeout: 4000 }),
    ).toBeVisible();
  });

  it('should offer neither retry nor minting the cancelled rows once the creator may no longer create tokens, and say why', async () => {
    serveEnded({
      state: 'cancelled',
      counts: { total: 6, pending: 0, minting: 0, minted: 2, failed: 1, cancelled: 3 },
      resultsAvailable: true,
      creatorMayMint: false,
    });
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Batch cancelled' })).toBeVisible();
    expect(screen.getByText(/whose account may no longer create tokens/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Mint the cancelled rows' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Retry failed rows' })).toBeNull();
    expect(screen.queryByText(/Retry the rows not minted first/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Download tokens (CSV)' })).toBeVisible();
  });

  it('should not offer to mint a cancelled batch’s rows once its tokens were downloaded', async () => {
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () =>
        HttpResponse.json(
          batch({
            state: 'cancelled',
            finishedAt: '2026-11-30T03:05:00.000Z',
            counts: { total: 5, pending: 0, minting: 0, minted: 2, failed: 0, cancelled: 3 },
            resultsDownloadedAt: '2026-11-30T03:06:00.000Z',
          }),
        ),
      ),
    );
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Batch cancelled' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Mint the cancelled rows' })).toBeNull();
  });

  it('should keep a batch’s progress and Cancel on screen while the server cannot be reached, and go on once it answers', async () => {
    let polls = 0;
    let serverAway = false;
    server.use(
      http.get(`/api/token-batches/${BATCH_ID}`, () => {
        polls += 1;
        if (serverAway) return HttpResponse.error();
        return HttpResponse.json(polls > 1 ? FINISHED : batch());
      }),
    );
    renderApp(`/tokens/bulk/${BATCH_ID}`);
    expect(await screen.findByText(/^1 of 2 minted ·/)).toBeVisible();

    // The dashboard server restarts while the batch is minted: the next poll gets no answer.
    serverAway = true;
    expect(
      await screen.findByText(/The counts below are the last ones loaded/, {}, { timeout: 3000 }),
    ).toHaveTextContent(
      'The dashboard server cannot be reached. Check your connection and try again. The counts below are the last ones loaded',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Minting tokens…' })).toBeVisible();
    expect(screen.getByText(/^1 of 2 minted ·/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Cancel the rest' })).toBeEnabled();

    serverAway = false;
    expect(
      await screen.findByRole('button', { name: 'Download tokens (CSV)' }, { timeout: 3000 }),
    ).toBeVisible();
    expect(screen.queryByText(/The counts below are the last ones loaded/)).not.toBeInTheDocument();
  });

  it('should open the file chooser from a real button, by click, Enter or Space', async () => {
    const { user } = renderApp('/tokens/bulk');
    await screen.findByRole('heading', { level: 1, name: 'Create tokens in bulk' });
    const choose = screen.getByRole('button', { name: 'Choose CSV file' });
    expect(choose).toBeInstanceOf(HTMLButtonElement);
    const input = screen.getByLabelText<HTMLInputElement>('Choose CSV file');
    expect(input).toHaveAttribute('type', 'file');
    const opened = vi.fn();
    input.addEventListener('click', opened);

    await user.click(choose);
    choose.focus();
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    expect(opened).toHaveBeenCalledTimes(3);

    await user.upload(input, new File(['user id\nguest-1\n'], 'guests.csv', { type: 'text/csv' }));
    expect(await screen.findByText('guests.csv')).toBeInTheDocument();
    expect(choose).toHaveAccessibleDescription('guests.csv');
  });

  it('should refuse a 50 MB file before reading a byte of it', async () => {
    const { user } = renderApp('/tokens/bulk');
    await screen.findByRole('heading', { level: 1, name: 'Create tokens in bulk' });
    const huge = new File(['x'], 'huge.csv', { type: 'text/csv' });
    Object.defineProperty(huge, 'size', { value: 50 * 1024 * 1024 });
    const read = vi.spyOn(FileReader.prototype, 'readAsText');
    await user.upload(screen.getByLabelText('Choose CSV file'), huge);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'huge.csv is too large (50.0 MB): at most 5 MB',
    );
    expect(read).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Check rows' })).toBeDisabled();
  });

  it('should show viewers neither the page nor the button, and let them filter by batch only', async () => {
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('viewer'))));
    const record = tokenRecord({ id: '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e99', batchId: BATCH_ID });
    const asked: string[] = [];
    server.use(
      http.get('/api/tokens', ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('batch') ?? '');
        return HttpResponse.json(tokenPage([record]));
      }),
      http.get('/api/tokens/:id', () => HttpResponse.json(record)),
    );
    const { user } = renderApp(`/tokens?record=${record.id}`);

    // The details name the batch; its link filters the overview by it.
    await user.click(
      await screen.findByRole('link', { name: 'Created in bulk: all tokens of this batch' }),
    );
    await waitFor(() => expect(asked).toContain(BATCH_ID));
    await screen.findByRole('heading', { level: 1, name: 'Playback tokens' });
    expect(screen.queryByRole('link', { name: 'Create in bulk' })).toBeNull();
    expect(await screen.findByRole('button', { name: `Batch filter: ${BATCH_ID}` })).toBeVisible();
    expect(screen.queryByRole('link', { name: 'The batch’s page' })).toBeNull();

    // The browser's Back/Forward to the bulk page: the router updates in that event.
    act(() => {
      window.history.pushState(null, '', '/tokens/bulk');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(
      await screen.findByText(/Only editors and admins can open Create in bulk/),
    ).toBeInTheDocument();
  });
});

describe('Create in bulk: the rows that need fixing', () => {
  const IP_MESSAGE =
    'client IP: enter a single IPv4 address such as 203.0.113.7 (no range, no port).';
  /** The message as a CSV cell: it holds a comma, so it is quoted. */
  const IP_MESSAGE_CELL = `"${IP_MESSAGE}"`;
  /** The last file saved, as its lines (without the byte order mark). */
  const savedLines = async (count: number) => {
    await waitFor(() => expect(saved).toHaveLength(count));
    return saved[count - 1]!.replace(/^\uFEFF/, '').split('\r\n');
  };

  it('should download the rows that need fixing, leave them out and mint the rest', async () => {
    const sent = serveNewBatch();
    const { user } = await openWithRows(
      'user id,tag,client IP\nguest-1,press,203.0.113.7\nguest-2,press,10.0.0\nguest-3,-vip,\nguest-1,vip,-1.2.3.4\nguest-5,,\n',
    );
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(
      await screen.findByText('2 of 5 rows need fixing; nothing was minted'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Download the 2 rows that need fixing' }));
    const lines = await savedLines(1);
    expect(lines).toEqual([
      'row,user id,tag,client IP,domain,expiry,not before,problems',
      `2,guest-2,press,10.0.0,,,,${IP_MESSAGE_CELL}`,
      // Every problem of the row; a cell a spreadsheet would run as a formula is text.
      `4,guest-1,vip,'-1.2.3.4,,,,"user id: “guest-1” is also in row 1; give each viewer a token of their own.; ${IP_MESSAGE}"`,
      '',
    ]);
    expect(savedNames[0]).toMatch(/^tokens-rows-to-fix-\d{4}-\d{2}-\d{2}T\d{4}Z\.csv$/);

    await user.click(screen.getByRole('button', { name: 'Leave out these 2 rows' }));
    expect(await screen.findByText(/All 3 rows are fine/)).toBeInTheDocument();
    expect(
      screen.getByText(/2 rows that need fixing were left out of the list; they are not minted/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Problems by row' })).toBeNull();
    // As after a check: the reader is taken to the verdict.
    expect(screen.getByRole('heading', { name: 'Preview' })).toHaveFocus();

    // The same file as before, numbered as the list was.
    await user.click(screen.getByRole('button', { name: 'Download the 2 rows that need fixing' }));
    expect(await savedLines(2)).toEqual(lines);
    expect(savedNames[1]).toBe(savedNames[0]);

    await user.click(screen.getByRole('button', { name: 'Mint 3 tokens' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.rows).toEqual([
      { user: 'guest-1', tag: 'press', ip: '203.0.113.7' },
      { user: 'guest-3', tag: '-vip' },
      { user: 'guest-5' },
    ]);
    await waitFor(() => expect(window.location.pathname).toBe(`/tokens/bulk/${BATCH_ID}`));
  }, 60_000);

  it('should add the rows a later check finds to those left out before, numbered as the list was', async () => {
    // Only Date is faked, and it runs on: the page's own timers and requests go on as ever.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const NOW = Date.UTC(2026, 10, 30, 9, 0, 0);
    vi.setSystemTime(NOW);
    try {
      const soon = new Date(NOW + 30 * 60_000).toISOString().replace('.000Z', 'Z');
      const { user } = await openWithRows(
        `user id,client IP,expiry\nguest-1,,\nguest-2,,${soon}\nguest-3,10.0.0,\nguest-4,,\n`,
      );
      await user.click(screen.getByRole('button', { name: 'Check rows' }));
      await user.click(await screen.findByRole('button', { name: 'Leave out this 1 row' }));
      expect(await screen.findByText(/All 3 rows are fine/)).toBeInTheDocument();

      // An hour later, guest-2's own expiry has passed: row 2 of the kept list, row 2 of the file.
      vi.setSystemTime(NOW + 60 * 60_000);
      await user.click(screen.getByRole('button', { name: 'Check rows' }));
      expect(
        await screen.findByText('1 of 3 rows need fixing; nothing was minted'),
      ).toBeInTheDocument();
      await user.click(
        screen.getByRole('button', { name: 'Download the 1 row that needs fixing' }),
      );
      const later = await savedLines(1);
      expect(later.slice(1, -1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
        '2,guest-2',
      ]);

      await user.click(screen.getByRole('button', { name: 'Leave out this 1 row' }));
      expect(await screen.findByText(/All 2 rows are fine/)).toBeInTheDocument();
      expect(
        screen.getByText(/2 rows that need fixing were left out of the list; they are not minted/),
      ).toBeInTheDocument();
      await user.click(
        screen.getByRole('button', { name: 'Download the 2 rows that need fixing' }),
      );
      const both = await savedLines(2);
      expect(both[1]).toBe(later[1]);
      expect(both[2]).toBe(`3,guest-3,,10.0.0,,,,${IP_MESSAGE_CELL}`);
      expect(both).toHaveLength(4);
      expect(screen.getByRole('button', { name: 'Mint 2 tokens' })).toBeEnabled();
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  it('should bring the left-out rows back when the options or the rows change', async () => {
    const { user } = await openWithRows('user id,client IP\nguest-1,\nguest-2,10.0.0\nguest-3,\n');
    const leaveOut = async () => {
      await user.click(screen.getByRole('button', { name: 'Check rows' }));
      await user.click(await screen.findByRole('button', { name: 'Leave out this 1 row' }));
      expect(await screen.findByText(/All 2 rows are fine/)).toBeInTheDocument();
    };
    await leaveOut();
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'press');
    expect(screen.queryByText(/left out/)).toBeNull();
    expect(screen.getByText('3 rows ready to check.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(
      await screen.findByText('1 of 3 rows need fixing; nothing was minted'),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Leave out this 1 row' }));
    expect(await screen.findByText(/All 2 rows are fine/)).toBeInTheDocument();
    await user.click(screen.getByRole('textbox', { name: 'Or paste the rows' }));
    await user.paste('guest-4,\n');
    expect(screen.queryByText(/left out/)).toBeNull();
    expect(screen.getByText('4 rows ready to check.')).toBeInTheDocument();
  }, 60_000);

  it('should put all 600 rows that need fixing of 2,000 in the file', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      i % 10 < 3 ? `guest-${i + 1},10.0.${i}` : `guest-${i + 1},203.0.113.7`,
    );
    const { user } = await openWithRows(`user id,client IP\n${lines.join('\n')}\n`);
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(
      await screen.findByText('600 of 2,000 rows need fixing; nothing was minted'),
    ).toBeInTheDocument();
    expect(screen.getByText('… and 100 more.')).toBeInTheDocument();
    await user.click(
      screen.getByRole('button', { name: 'Download the 600 rows that need fixing' }),
    );
    const file = await savedLines(1);
    expect(file).toHaveLength(602);
    expect(file[1]).toBe(`1,guest-1,,10.0.0,,,,${IP_MESSAGE_CELL}`);
    expect(file[600]).toBe(`1993,guest-1993,,10.0.1992,,,,${IP_MESSAGE_CELL}`);

    await user.click(screen.getByRole('button', { name: 'Leave out these 600 rows' }));
    expect(await screen.findByText(/All 1,400 rows are fine/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mint 1,400 tokens' })).toBeEnabled();
  }, 60_000);

  it('should offer no leaving out when every row needs fixing, and neither when the options do', async () => {
    const { user } = await openWithRows('user id,client IP\nguest-1,10.0.0\nguest-1,\n');
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(
      await screen.findByText('2 of 2 rows need fixing; nothing was minted'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Download the 2 rows that need fixing' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Leave out/ })).toBeNull();

    await user.type(screen.getByRole('textbox', { name: 'Client IP' }), '10.9.8.7');
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    await screen.findByText('The options need fixing before any row can be checked');
    expect(screen.queryByRole('button', { name: /Download the \d|Leave out/ })).toBeNull();
  }, 60_000);
});
