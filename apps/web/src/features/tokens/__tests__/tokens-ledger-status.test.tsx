import { screen, waitFor, within } from '@testing-library/react';
import type { TokenRecord } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import {
  neverDeliveredToken,
  revocableToken,
  revocationPendingToken,
  tokenPage,
  tokenRecord,
} from '@/testing/token-fixtures.ts';
import { TokensOverviewPage } from '../components/overview/tokens-overview-page.tsx';

/** Serves `current()` as the whole ledger (re-read on every request) and records list URLs. */
function serveLedger(current: () => TokenRecord[]) {
  const requests: URL[] = [];
  server.use(
    http.get('/api/tokens', ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(tokenPage(current()));
    }),
    http.get('/api/tokens/:id', ({ params }) => {
      const record = current().find((item) => item.id === params.id);
      return record
        ? HttpResponse.json(record)
        : HttpResponse.json({ code: 'not-found', message: 'No such token.' }, { status: 404 });
    }),
  );
  return requests;
}

const renderOverview = (route = '/tokens') =>
  renderWithProviders(<TokensOverviewPage />, { route, path: '/tokens' });

describe('Playback tokens: tokens that are not simply valid or not', () => {
  it('should list a token that was never delivered, explain it and filter by it', async () => {
    const inFlight = tokenRecord({ id: 'tok-busy', jti: null, status: 'issuing', claims: {} });
    const requests = serveLedger(() => [neverDeliveredToken(), inFlight]);
    const { user } = renderOverview();
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    expect(within(table).getByText('Never delivered')).toBeInTheDocument();
    expect(within(table).getByText('Being issued')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(screen.getByRole('option', { name: 'Never delivered' }));
    await waitFor(() =>
      expect(requests.at(-1)?.searchParams.get('status')).toBe('never-delivered'),
    );

    await user.click(within(table).getByRole('button', { name: /Details of token for .*lost/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    expect(drawer).toHaveTextContent(/may have created it, but no one received it/);
    expect(drawer).toHaveTextContent(/accounted for/);
    expect(drawer).toHaveTextContent('Not known: the token service’s answer never arrived');
    expect(within(drawer).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it('should show a pending revocation and let an admin try revoking again', async () => {
    let current: TokenRecord = revocationPendingToken();
    const revokes: string[] = [];
    serveLedger(() => [current]);
    server.use(
      http.post('/api/tokens/:id/revoke', ({ params }) => {
        revokes.push(String(params.id));
        current = { ...current, status: 'revoked', revocationRequestedAt: null };
        return HttpResponse.json(current);
      }),
    );
    const { user } = renderOverview('/tokens?record=tok-rev');
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    const note = await within(drawer).findByText(/not known yet whether the token was revoked/);
    // When it was asked, with its zone.
    expect(note).toHaveTextContent(/\d\d:\d\d:\d\d UTC\), but/);
    // The status chip, and the note that explains it.
    expect(within(drawer).getAllByText('Revocation pending')).toHaveLength(2);

    await user.click(within(drawer).getByRole('button', { name: 'Try revoking again' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke this token?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    await waitFor(() => expect(revokes).toEqual(['tok-rev']));
    expect(await within(drawer).findByText('Revoked')).toBeInTheDocument();
  });

  it('should show "revocation pending" at once when a revoke’s answer is lost', async () => {
    let current: TokenRecord = revocableToken();
    serveLedger(() => [current]);
    server.use(
      http.post('/api/tokens/:id/revoke', () => {
        current = {
          ...current,
          status: 'revocation-pending',
          revocationRequestedAt: new Date().toISOString(),
        };
        return HttpResponse.json(
          {
            code: 'upstream-timeout',
            message: 'The nanoStream token service did not answer in time. Try again later.',
          },
          { status: 504 },
        );
      }),
    );
    const { user } = renderOverview();
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    await user.click(within(table).getByRole('button', { name: /^Revoke token for/ }));
    await user.click(await screen.findByRole('button', { name: 'Revoke token' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/did not answer in time/);
    expect(await within(table).findByText('Revocation pending')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Revoke this token?' })).not.toBeInTheDocument(),
    );
    expect(within(table).getByRole('button', { name: /^Retry revoking token for/ })).toBeVisible();
  });
});
