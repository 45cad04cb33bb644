import { screen, waitFor, within } from '@testing-library/react';
import type { StaffSession } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { sampleSessions } from '@/testing/session-fixtures.ts';
import { SessionsPage } from '../components/sessions-page.tsx';

/** Serves your sessions from memory, as the BFF would, and records what was sent. */
function serveSessions(initial: StaffSession[] = sampleSessions()) {
  let sessions = initial;
  const sent: string[] = [];
  server.use(
    http.get('/api/sessions', () => HttpResponse.json(sessions)),
    http.delete('/api/sessions/:id', ({ params }) => {
      sent.push(`DELETE /api/sessions/${String(params.id)}`);
      sessions = sessions.filter((s) => s.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('/api/sessions/end-others', () => {
      sent.push('POST /api/sessions/end-others');
      const ended = sessions.filter((s) => !s.current).length;
      sessions = sessions.filter((s) => s.current);
      return HttpResponse.json({ ended });
    }),
  );
  return sent;
}

const renderPage = () =>
  renderWithProviders(<SessionsPage />, { route: '/account/sessions', path: '/account/sessions' });

describe('SessionsPage', () => {
  it('should say when a session ends, with the limits the server keeps', async () => {
    serveSessions();
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json(
          sessionFor('editor', { sessionLimits: { idleMinutes: 45, absoluteHours: 8 } }),
        ),
      ),
    );
    renderPage();
    await screen.findByRole('list', { name: 'Your sessions' });
    expect(
      await screen.findByText(/A session ends after 45 minutes without use, and 8 hours after/),
    ).toBeVisible();
  });

  it('should list each session with browser and device, address and times, marking this one', async () => {
    serveSessions();
    renderPage();
    const list = await screen.findByRole('list', { name: 'Your sessions' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('Chrome 131 on macOS');
    expect(within(items[0]!).getByText('This session')).toBeInTheDocument();
    expect(items[0]).toHaveTextContent('Last active now');
    // This session is signed out from the account menu, not from here.
    expect(within(items[0]!).queryByRole('button', { name: /^Sign out/ })).not.toBeInTheDocument();
    expect(items[1]).toHaveTextContent('Safari 17 on iOS 17.5');
    expect(items[1]).toHaveTextContent('198.51.100.23');
    expect(items[1]).toHaveTextContent('Last active 25 minutes ago');
    expect(items[2]).toHaveTextContent('Firefox 133 on Windows 10');
    expect(items[2]).toHaveTextContent('Last active 3 hours ago');
    expect(within(items[2]!).queryByText('This session')).not.toBeInTheDocument();
  });

  it('should say that signing in again in a browser replaces its session', async () => {
    serveSessions();
    renderPage();
    await screen.findByRole('list', { name: 'Your sessions' });
    // Many sign-ins from one browser leave one session: the page says why.
    expect(
      screen.getByText(/A browser holds one session: signing in again there replaces it\./),
    ).toBeInTheDocument();
  });

  it('should sign out one other session and show the list without it', async () => {
    const sent = serveSessions();
    const { user } = renderPage();
    const list = await screen.findByRole('list', { name: 'Your sessions' });
    await user.click(within(list).getByRole('button', { name: /^Sign out Safari 17 on iOS 17.5/ }));

    expect(await screen.findByText('Safari 17 on iOS 17.5 is signed out.')).toBeInTheDocument();
    expect(sent).toEqual(['DELETE /api/sessions/019ab5c2-0000-7000-8000-000000000002']);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).queryByText(/Safari 17/)).not.toBeInTheDocument();
  });

  it('should sign out all other sessions and then say this is the only one', async () => {
    const sent = serveSessions();
    const { user } = renderPage();
    await screen.findByRole('list', { name: 'Your sessions' });
    await user.click(screen.getByRole('button', { name: 'Sign out all other sessions' }));

    expect(await screen.findByText('2 other sessions signed out.')).toBeInTheDocument();
    expect(sent).toEqual(['POST /api/sessions/end-others']);
    expect(await screen.findByText('You are signed in here only.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out all other sessions' })).toBeDisabled();
  });

  it('should show a failure to sign a session out in the snackbar', async () => {
    serveSessions();
    server.use(
      http.delete('/api/sessions/:id', () =>
        HttpResponse.json(
          { code: 'not-found', message: 'The session was not found.' },
          { status: 404 },
        ),
      ),
    );
    const { user } = renderPage();
    const list = await screen.findByRole('list', { name: 'Your sessions' });
    await user.click(within(list).getByRole('button', { name: /^Sign out Firefox 133/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The session was not found.');
  });

  it('should be reached from the account menu', async () => {
    serveSessions();
    const { user } = renderApp('/streams');
    await user.click(await screen.findByRole('button', { name: /^Account:/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Your sessions' }));
    expect(await screen.findByRole('heading', { name: 'Your sessions', level: 1 })).toBeVisible();
    expect(window.location.pathname).toBe('/account/sessions');
    expect(await screen.findByRole('list', { name: 'Your sessions' })).toBeInTheDocument();
  });
});
