import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { SetPasswordPage } from '../components/set-password-page.tsx';

const TOKEN = 'Qm9va2luZ3MtYXJlLW5vdC1zZWNyZXRzLWJ1dC10aGlzLWlz';

function serveLink({ used = false } = {}) {
  const sent: Array<{ path: string; url: string; body: unknown }> = [];
  const usedError = {
    code: 'link-used',
    message:
      'This set-password link has been used already. Ask an admin for a new one if you need it.',
  };
  server.use(
    http.post('/api/password-reset/check', async ({ request }) => {
      sent.push({ path: 'check', url: request.url, body: await request.json() });
      if (used) return HttpResponse.json(usedError, { status: 410 });
      return HttpResponse.json({
        email: 'sam@example.com',
        displayName: 'Sam Staff',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    }),
    http.post('/api/password-reset', async ({ request }) => {
      const body = (await request.json()) as { password: string };
      sent.push({ path: 'set', url: request.url, body });
      if (body.password === 'qwertyuiop12') {
        const message =
          'Password: this is a commonly used password. Add more words that are less common.';
        return HttpResponse.json(
          { code: 'invalid-request', message, issues: [{ path: 'password', message }] },
          { status: 400 },
        );
      }
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return sent;
}

const renderPage = (hash = `#token=${TOKEN}`) =>
  renderWithProviders(<SetPasswordPage />, {
    route: `/set-password${hash}`,
    path: '/set-password',
  });

describe('SetPasswordPage', () => {
  it('should take the secret from the fragment, drop it from the address, and send it only in bodies', async () => {
    const sent = serveLink();
    const { user } = renderPage();
    expect(await screen.findByText('Sam Staff')).toBeVisible();
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain(TOKEN);

    const password = screen.getByLabelText(/^New password/);
    await user.type(password, 'qwertyuiop12');
    await user.type(screen.getByLabelText(/^Repeat the password/), 'qwertyuiop12');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription(
        'Password: this is a commonly used password. Add more words that are less common.',
      ),
    );
    await user.clear(password);
    await user.type(password, 'sams own long passphrase');
    await user.clear(screen.getByLabelText(/^Repeat the password/));
    await user.type(screen.getByLabelText(/^Repeat the password/), 'sams own long passphrase');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText(/Your password is set\./)).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to sign-in' })).toHaveAttribute('href', '/sign-in');
    expect(sent.map((s) => s.path)).toEqual(['check', 'set', 'set']);
    for (const { url } of sent) expect(url).not.toContain(TOKEN);
    expect(sent[0]?.body).toEqual({ token: TOKEN });
    expect(sent[2]?.body).toEqual({ token: TOKEN, password: 'sams own long passphrase' });
  });

  it('should say so when the link was used already, once (not again in the snackbar), with no form', async () => {
    serveLink({ used: true });
    const { client } = renderPage();
    const message =
      'This set-password link has been used already. Ask an admin for a new one if you need it.';
    expect(await screen.findByText(message)).toBeVisible();
    expect(screen.queryByLabelText(/^New password/)).not.toBeInTheDocument();
    // The query cache reports the failure as the query settles: look only after that.
    await waitFor(() => expect(client.isFetching()).toBe(0));
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(screen.getAllByText(message)).toHaveLength(1);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('should ask for the whole link when the page is opened without one', async () => {
    serveLink();
    renderPage('');
    expect(await screen.findByText(/This page needs the whole set-password link/)).toBeVisible();
  });
});
