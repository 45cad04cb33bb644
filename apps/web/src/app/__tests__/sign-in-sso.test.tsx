import { screen, within } from '@testing-library/react';
import { SSO_CONFIRM_MESSAGE, SSO_ERRORS } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

function serveSignedOut(options: { password: boolean; sso: { name: string } | null }) {
  server.use(
    http.get('/api/session', () =>
      HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 }),
    ),
    http.get('/api/session/options', () => HttpResponse.json(options)),
  );
}

describe('Sign in with single sign-on', () => {
  it('should offer the provider above the password form, returning where the visitor was heading', async () => {
    serveSignedOut({ password: true, sso: { name: 'Contoso' } });
    renderApp('/tokens?status=active');
    const button = await screen.findByRole('link', { name: 'Sign in with Contoso' });
    expect(button).toHaveAttribute(
      'href',
      `/api/session/sso/start?returnTo=${encodeURIComponent('/tokens?status=active')}`,
    );
    expect(screen.getByText('or with your password')).toBeVisible();
    expect(screen.getByLabelText(/Email/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  it('should offer only the provider when password sign-in is off', async () => {
    serveSignedOut({ password: false, sso: { name: 'Contoso' } });
    renderApp('/sign-in');
    expect(await screen.findByRole('link', { name: 'Sign in with Contoso' })).toBeVisible();
    expect(screen.queryByLabelText(/Email/)).not.toBeInTheDocument();
    expect(screen.queryByText('or with your password')).not.toBeInTheDocument();
  });

  it('should show only the password form without single sign-on', async () => {
    serveSignedOut({ password: true, sso: null });
    renderApp('/sign-in');
    expect(await screen.findByLabelText(/Email/)).toBeVisible();
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
  });

  it('should say why a single sign-on was refused', async () => {
    serveSignedOut({ password: true, sso: { name: 'Contoso' } });
    renderApp('/sign-in?sso-error=email-domain');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(SSO_ERRORS['email-domain']);
    expect(screen.getByRole('link', { name: 'Sign in with Contoso' })).toBeVisible();
  });

  it('should explain a sign-in stopped for too many attempts at once', async () => {
    serveSignedOut({ password: true, sso: { name: 'Contoso' } });
    renderApp('/sign-in?sso-error=rate-limited');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many sign-ins from here in a short time. Wait a minute and sign in again.',
    );
  });

  it('should offer no password change or two-factor set-up to an account of the provider', async () => {
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json({ ...sessionFor('editor'), singleSignOn: true }),
      ),
    );
    const { user } = renderApp('/streams');
    await user.click(await screen.findByRole('button', { name: /^Account:/ }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByRole('menuitem', { name: 'Your sessions' })).toBeVisible();
    expect(within(menu).queryByRole('menuitem', { name: 'Change password' })).toBeNull();
    expect(within(menu).queryByRole('menuitem', { name: 'Two-factor sign-in' })).toBeNull();
    expect(within(menu).getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  });

  it('should tell the dialog that opened it that a confirmation failed, and close, when it lands here in the popup', async () => {
    serveSignedOut({ password: true, sso: { name: 'Contoso' } });
    const postMessage = vi.fn();
    const close = vi.spyOn(window, 'close').mockImplementation(() => {});
    const opener = { closed: false, location: window.location, postMessage };
    vi.stubGlobal('opener', opener);
    try {
      renderApp('/sign-in?sso-error=no-transaction');
      await vi.waitFor(() => expect(close).toHaveBeenCalled());
      expect(postMessage).toHaveBeenCalledWith(
        { type: SSO_CONFIRM_MESSAGE, outcome: 'expired' },
        window.location.origin,
      );
      expect(screen.queryByRole('link', { name: 'Sign in with Contoso' })).not.toBeInTheDocument();
    } finally {
      vi.unstubAllGlobals();
      close.mockRestore();
    }
  });
});
