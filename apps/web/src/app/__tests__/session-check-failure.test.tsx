import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { sessionQueryOptions } from '@/lib/auth/session.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { sessionFor } from '@/testing/fixtures.ts';
import { createTokenHandler } from '@/testing/token-create-fixtures.ts';
import { tokenPage } from '@/testing/token-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';

describe('A session check that fails while signed in', () => {
  it('should keep the page and the token on screen when the server cannot be reached for a moment', async () => {
    server.use(createTokenHandler([]));
    const { user, client } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Secure playback token created' });
    const token = within(dialog).getByRole('region', { name: 'Token' }).textContent ?? '';
    expect(token).toMatch(/^eyJ/);

    // The dashboard server restarts: the session check on returning to the tab gets no answer.
    server.use(http.get('/api/session', () => HttpResponse.error()));
    await act(() => client.refetchQueries({ queryKey: sessionQueryOptions().queryKey }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The dashboard server cannot be reached. Check your connection and try again.',
    );
    expect(screen.queryByText('This page could not be shown')).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('dialog', { name: 'Secure playback token created' })).getByRole(
        'region',
        { name: 'Token' },
      ),
    ).toHaveTextContent(token);
  });
});

describe('A first session check while the database restarts', () => {
  it('should say so on the whole screen and open the dashboard by itself once it answers', async () => {
    // React reports an error thrown to a boundary on the console.
    vi.mocked(console.error).mockImplementation(() => {});
    let restarting = true;
    server.use(
      http.get('/api/session', () =>
        restarting
          ? HttpResponse.json(
              {
                code: 'database-unavailable',
                message:
                  "The dashboard's database is not answering (it may be restarting). Try again in 2 s.",
              },
              { status: 503, headers: { 'retry-after': '2' } },
            )
          : HttpResponse.json(sessionFor('admin')),
      ),
    );
    renderApp('/tokens');

    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: "The dashboard's database is not answering" },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByText('This page could not be shown')).not.toBeInTheDocument();

    // No reload: the check is made again every few seconds.
    restarting = false;
    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: 'Playback tokens' },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    // The snackbar's "not answering" is over too: the database came back, not the server.
    expect(screen.getByText("The dashboard's database answers again.")).toBeVisible();
    expect(screen.queryByText('Connected to the dashboard server again.')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  }, 20_000);
});

describe('A first session check while the dashboard is busy', () => {
  it('should say it is busy on the whole screen and open the dashboard by itself a moment later', async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    let busy = true;
    server.use(
      http.get('/api/session', () =>
        busy
          ? HttpResponse.json(
              {
                code: 'database-busy',
                message: 'The dashboard is busy with other requests. Try again in a moment.',
              },
              { status: 503, headers: { 'retry-after': '1' } },
            )
          : HttpResponse.json(sessionFor('admin')),
      ),
      http.get('/api/tokens', () => HttpResponse.json(tokenPage([]))),
    );
    renderApp('/tokens');

    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: 'The dashboard is busy' },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(screen.queryByText("The dashboard's database is not answering")).not.toBeInTheDocument();

    busy = false;
    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: 'Playback tokens' },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    await waitFor(() => expect(screen.getByText('The dashboard is no longer busy.')).toBeVisible());
  }, 20_000);
});
