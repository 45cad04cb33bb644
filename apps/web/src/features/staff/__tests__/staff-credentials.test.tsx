import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { staffMembers } from '@/testing/admin-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { StaffPage } from '../components/staff-page.tsx';

const LINK = 'http://localhost:3000/set-password#token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function serveStaffCredentials() {
  const sent: string[] = [];
  server.use(
    http.get('/api/staff', () => HttpResponse.json(staffMembers())),
    http.post('/api/staff/:id/password-reset', ({ params }) => {
      sent.push(`password-reset ${String(params.id)}`);
      return HttpResponse.json(
        { link: LINK, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
        { status: 201 },
      );
    }),
    http.post('/api/staff/:id/two-factor/reset', ({ params }) => {
      sent.push(`two-factor-reset ${String(params.id)}`);
      return HttpResponse.json({ ended: 1 });
    }),
  );
  return sent;
}

const renderStaff = () => renderWithProviders(<StaffPage />, { route: '/staff', path: '/staff' });

describe('Staff: passwords and two-factor', () => {
  it('should show a set-password link once, with a copy button, and ask before it is dropped', async () => {
    const sent = serveStaffCredentials();
    const { user } = renderStaff();
    // user-event puts a clipboard in place when it is set up.
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    const table = await screen.findByRole('table', { name: 'Staff' });
    // Not for yourself: that is the account menu, behind your current password.
    expect(
      within(table).queryByRole('button', { name: 'More actions for Ada admin' }),
    ).not.toBeInTheDocument();
    await user.click(within(table).getByRole('button', { name: 'More actions for Eddie Editor' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Make a set-password link' }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Set-password link for Eddie Editor',
    });
    expect(within(dialog).getByText(LINK)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(LINK);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Close without the link?' });
    await user.click(within(confirm).getByRole('button', { name: 'Go back to the link' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await user.click(within(dialog).getByRole('checkbox', { name: 'I have copied the link' }));
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByText(LINK)).not.toBeInTheDocument());
    expect(sent).toEqual(['password-reset staff-editor']);
  });

  it('should turn a staff member’s two-factor off after a confirmation', async () => {
    const sent = serveStaffCredentials();
    const { user } = renderStaff();
    const table = await screen.findByRole('table', { name: 'Staff' });
    expect(within(table).getAllByText('Two-factor')).toHaveLength(2);
    await user.click(within(table).getByRole('button', { name: 'More actions for Vera Viewer' }));
    expect(
      await screen.findByRole('menuitem', { name: 'Turn off two-factor sign-in' }),
    ).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Escape}');
    await user.click(within(table).getByRole('button', { name: 'More actions for Eddie Editor' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Turn off two-factor sign-in' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Turn off Eddie Editor’s two-factor sign-in?',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Turn off two-factor' }));
    expect(
      await screen.findByText('Eddie Editor’s two-factor sign-in is off, and they are signed out.'),
    ).toBeVisible();
    expect(sent).toEqual(['two-factor-reset staff-editor']);
  });
});
