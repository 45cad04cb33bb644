import { screen, waitFor, within } from '@testing-library/react';
import type { StaffSession } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { staffMembers } from '@/testing/admin-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { sampleSessions } from '@/testing/session-fixtures.ts';
import { StaffPage } from '../components/staff-page.tsx';
import { onAPhone } from '@/testing/phone.ts';

/** Eddie's sessions (none of them the admin's), served from memory; records what was sent. */
function serveEddiesSessions() {
  let sessions: StaffSession[] = sampleSessions().map((s) => ({ ...s, current: false }));
  const sent: string[] = [];
  server.use(
    http.get('/api/staff', () => HttpResponse.json(staffMembers())),
    http.get('/api/staff/:id/sessions', ({ params }) =>
      params.id === 'staff-editor'
        ? HttpResponse.json(sessions)
        : HttpResponse.json({ code: 'not-found', message: 'Not here.' }, { status: 404 }),
    ),
    http.delete('/api/staff/:id/sessions/:sessionId', ({ params }) => {
      sent.push(`DELETE /api/staff/${String(params.id)}/sessions/${String(params.sessionId)}`);
      sessions = sessions.filter((s) => s.id !== params.sessionId);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('/api/staff/:id/sessions/end-all', ({ params }) => {
      sent.push(`POST /api/staff/${String(params.id)}/sessions/end-all`);
      const ended = sessions.length;
      sessions = [];
      return HttpResponse.json({ ended });
    }),
  );
  return sent;
}

async function openEddiesSessions() {
  const view = renderWithProviders(<StaffPage />, { route: '/staff', path: '/staff' });
  await screen.findByRole('table', { name: 'Staff' });
  await view.user.click(screen.getByRole('button', { name: 'Sessions of Eddie Editor' }));
  const dialog = await screen.findByRole('dialog', { name: 'Sessions of Eddie Editor' });
  return { ...view, dialog };
}

afterEach(() => vi.unstubAllGlobals());

describe('StaffPage: a staff member’s sessions', () => {
  it('should confirm a sign-out on a phone at the top, off the full-screen dialog’s buttons', async () => {
    onAPhone();
    serveEddiesSessions();
    const { user } = renderWithProviders(<StaffPage />, { route: '/staff', path: '/staff' });
    await user.click(await screen.findByRole('button', { name: 'Sessions of Eddie Editor' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sessions of Eddie Editor' });
    expect(dialog).toHaveClass('MuiDialog-paperFullScreen');
    const list = await within(dialog).findByRole('list', { name: 'Sessions of Eddie Editor' });
    await user.click(within(list).getByRole('button', { name: /^Sign out Firefox 133/ }));
    const notice = await screen.findByText(
      'Eddie Editor is signed out of Firefox 133 on Windows 10.',
    );
    expect(notice.closest('.MuiSnackbar-root')).toHaveClass('MuiSnackbar-anchorOriginTopCenter');
    expect(dialog).toBeInTheDocument();
  });

  it('should show where the member is signed in', async () => {
    serveEddiesSessions();
    const { dialog } = await openEddiesSessions();
    const list = await within(dialog).findByRole('list', { name: 'Sessions of Eddie Editor' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByText(/ on /).textContent)).toEqual([
      'Chrome 131 on macOS',
      'Safari 17 on iOS 17.5',
      'Firefox 133 on Windows 10',
    ]);
    expect(items[1]).toHaveTextContent('198.51.100.23');
    // None of them is the admin's own, so every one can be signed out.
    expect(within(list).getAllByRole('button', { name: /^Sign out/ })).toHaveLength(3);
  });

  it('should sign the member out of one session', async () => {
    const sent = serveEddiesSessions();
    const { user, dialog } = await openEddiesSessions();
    const list = await within(dialog).findByRole('list', { name: 'Sessions of Eddie Editor' });
    await user.click(within(list).getByRole('button', { name: /^Sign out Firefox 133/ }));
    expect(
      await screen.findByText('Eddie Editor is signed out of Firefox 133 on Windows 10.'),
    ).toBeInTheDocument();
    expect(sent).toEqual([
      'DELETE /api/staff/staff-editor/sessions/019ab5c2-0000-7000-8000-000000000003',
    ]);
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
  });

  it('should sign the member out everywhere', async () => {
    const sent = serveEddiesSessions();
    const { user, dialog } = await openEddiesSessions();
    await within(dialog).findByRole('list', { name: 'Sessions of Eddie Editor' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    expect(
      await screen.findByText('Eddie Editor is signed out everywhere (3 sessions).'),
    ).toBeInTheDocument();
    expect(sent).toEqual(['POST /api/staff/staff-editor/sessions/end-all']);
    expect(
      await within(dialog).findByText('Eddie Editor is not signed in anywhere.'),
    ).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Sign out everywhere' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('should say in the dialog, not over its buttons, why signing out failed', async () => {
    serveEddiesSessions();
    server.use(
      http.delete('/api/staff/:id/sessions/:sessionId', () =>
        HttpResponse.json({ code: 'conflict', message: 'That session is busy.' }, { status: 409 }),
      ),
      http.post('/api/staff/:id/sessions/end-all', () =>
        HttpResponse.json(
          { code: 'conflict', message: 'Eddie is being signed out.' },
          { status: 409 },
        ),
      ),
    );
    const { user, dialog } = await openEddiesSessions();
    const list = await within(dialog).findByRole('list', { name: 'Sessions of Eddie Editor' });
    await user.click(within(list).getByRole('button', { name: /^Sign out Firefox 133/ }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('That session is busy.');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
    await within(dialog).findByText('Eddie is being signed out.');
    // Said once, in the dialog: no snackbar over Close.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Sessions of Eddie Editor' }));
    const again = await screen.findByRole('dialog', { name: 'Sessions of Eddie Editor' });
    expect(within(again).queryByRole('alert')).toBeNull();
  });

  it('should lead the admin to their own sessions page for their own row', async () => {
    serveEddiesSessions();
    renderWithProviders(<StaffPage />, { route: '/staff', path: '/staff' });
    const table = await screen.findByRole('table', { name: 'Staff' });
    const own = within(table).getByRole('link', { name: 'Your sessions' });
    expect(own).toHaveAttribute('href', '/account/sessions');
  });
});
