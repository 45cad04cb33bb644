import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { ChangePasswordPage } from '../components/change-password-page.tsx';

function serveChange() {
  const sent: unknown[] = [];
  server.use(
    http.post('/api/account/password', async ({ request }) => {
      const body = (await request.json()) as { currentPassword: string; newPassword: string };
      sent.push(body);
      if (body.currentPassword !== 'my current password') {
        const message = 'Current password: this is not your current password.';
        return HttpResponse.json(
          { code: 'wrong-password', message, issues: [{ path: 'currentPassword', message }] },
          { status: 400 },
        );
      }
      return HttpResponse.json({ sessionsEnded: 2 });
    }),
  );
  return sent;
}

const renderPage = () =>
  renderWithProviders(<ChangePasswordPage />, {
    route: '/account/password',
    path: '/account/password',
  });

describe('ChangePasswordPage', () => {
  it('should check the fields before asking the server, and say a wrong current password under it', async () => {
    const sent = serveChange();
    const { user } = renderPage();
    const current = screen.getByLabelText(/^Current password/);
    const next = screen.getByLabelText(/^New password/);
    const repeat = screen.getByLabelText(/^Repeat the new password/);
    expect(current).toHaveAttribute('autocomplete', 'current-password');
    expect(next).toHaveAttribute('autocomplete', 'new-password');

    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(current).toHaveAccessibleDescription('Current password: enter your current password.');
    await user.type(current, 'not it');
    await user.type(next, 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(next).toHaveAccessibleDescription('New password: at least 12 characters.');
    await user.clear(next);
    await user.type(next, 'a new long passphrase');
    await user.type(repeat, 'a new long passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() =>
      expect(current).toHaveAccessibleDescription(
        'Current password: this is not your current password.',
      ),
    );
    expect(current).toHaveFocus();
    expect(sent).toEqual([{ currentPassword: 'not it', newPassword: 'a new long passphrase' }]);
  });

  it('should change it, say how many other sessions were signed out and clear the form', async () => {
    serveChange();
    const { user } = renderPage();
    await user.type(screen.getByLabelText(/^Current password/), 'my current password');
    await user.type(screen.getByLabelText(/^New password/), 'a new long passphrase');
    await user.type(screen.getByLabelText(/^Repeat the new password/), 'a new long passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(
      await screen.findByText('Your password is changed. 2 other sessions were signed out.'),
    ).toBeVisible();
    expect(screen.getByLabelText(/^New password/)).toHaveValue('');
  });
});
