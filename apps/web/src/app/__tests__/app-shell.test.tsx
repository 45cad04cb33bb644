import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

const asRole = (role: 'admin' | 'editor' | 'viewer') =>
  server.use(http.get('/api/session', () => HttpResponse.json(sessionFor(role))));

/** What the account pages load: no other session, two-factor sign-in off. */
const serveAccountPages = () =>
  server.use(
    http.get('/api/sessions', () => HttpResponse.json([])),
    http.get('/api/account/two-factor', () =>
      HttpResponse.json({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false }),
    ),
  );

async function openNavigation(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Open navigation' }));
  return within(await screen.findByRole('navigation', { name: 'Main' }));
}

describe('App shell', () => {
  it('should show the organisation, the user with their role, and the event overview at /', async () => {
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Event overview' })).toBeVisible();
    expect(window.location.pathname).toBe('/');
    expect(screen.getByRole('group', { name: 'Organisation' })).toHaveTextContent('Demo Events');
    expect(screen.getByRole('button', { name: 'Account: Ada admin, Admin' })).toBeVisible();
    await waitFor(() => expect(document.title).toBe('Event overview · nanoStream Cloud'));
  });

  it('should list every section for an admin, each with the current one marked', async () => {
    const { user } = renderApp('/tokens/new');
    const nav = await openNavigation(user);
    const names = nav.getAllByRole('link').map((link) => link.textContent);
    expect(names).toEqual([
      'Event overview',
      'Streams',
      'Secure playback token',
      'Playback tokens',
      'Playback policies',
      'Token inspector',
      'Staff',
      'Audit log',
    ]);
    expect(nav.getByRole('link', { name: 'Secure playback token' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(nav.getByRole('link', { name: 'Playback tokens' })).not.toHaveAttribute('aria-current');
  });

  it.each([
    ['/account/sessions', 'Your sessions'],
    ['/account/password', 'Change password'],
    ['/account/two-factor', 'Two-factor sign-in'],
  ])('should mark %s as the current page in the account menu', async (path, name) => {
    serveAccountPages();
    const { user } = renderApp(path);
    await screen.findByRole('heading', { level: 1, name });
    const account = screen.getByRole('button', { name: 'Account: Ada admin, Admin' });
    await user.click(account);
    const current = await screen.findByRole('menuitem', { name });
    expect(current).toHaveAttribute('aria-current', 'page');
    expect(current).toHaveClass('Mui-selected');
    for (const other of ['Your sessions', 'Change password', 'Two-factor sign-in']) {
      if (other !== name) {
        expect(screen.getByRole('menuitem', { name: other })).not.toHaveAttribute('aria-current');
      }
    }
  });

  it('should mark no account page in the account menu on other pages', async () => {
    const { user } = renderApp('/streams');
    await screen.findByRole('heading', { level: 1, name: 'Streams' });
    await user.click(screen.getByRole('button', { name: 'Account: Ada admin, Admin' }));
    expect(await screen.findByRole('menuitem', { name: 'Your sessions' })).not.toHaveAttribute(
      'aria-current',
    );
  });

  it('should leave Staff and Audit log out of an editor’s navigation and refuse their pages', async () => {
    asRole('editor');
    const { user } = renderApp('/staff');
    expect(await screen.findByText('You are not allowed to open Staff')).toBeVisible();
    const nav = await openNavigation(user);
    expect(nav.queryByRole('link', { name: 'Staff' })).not.toBeInTheDocument();
    expect(nav.queryByRole('link', { name: 'Audit log' })).not.toBeInTheDocument();
    await user.click(nav.getByRole('link', { name: 'Token inspector' }));
    expect(await screen.findByRole('heading', { level: 1, name: /inspector/i })).toBeVisible();
  });

  it('should leave the create page out of a viewer’s navigation, and say why it has no form when opened by URL', async () => {
    asRole('viewer');
    const { user } = renderApp('/tokens/new');
    expect(await screen.findByText('You can’t create tokens')).toBeVisible();
    expect(screen.queryByRole('form', { name: 'Secure playback token' })).not.toBeInTheDocument();
    const nav = await openNavigation(user);
    expect(nav.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Event overview',
      'Streams',
      'Playback tokens',
      'Playback policies',
      'Token inspector',
    ]);
  });

  it('should refuse the audit log to a viewer', async () => {
    asRole('viewer');
    renderApp('/audit');
    expect(await screen.findByText('You are not allowed to open the audit log')).toBeVisible();
  });

  it('should show a not-found page for unknown addresses that leads to the event overview', async () => {
    const { user } = renderApp('/events');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await user.click(screen.getByRole('link', { name: 'Go to the event overview' }));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Event overview' })).toBeVisible();
  });

  it('should lead an unknown address to the section it starts with', async () => {
    serveAccountPages();
    const { user } = renderApp('/account');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    expect(screen.getByText(/account menu at the top right/)).toBeVisible();
    await user.click(screen.getByRole('link', { name: 'Go to your sessions' }));
    await waitFor(() => expect(window.location.pathname).toBe('/account/sessions'));
  });

  it('should lead an unknown address under Playback tokens back to Playback tokens', async () => {
    const { user } = renderApp('/tokens/no-such-token');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await user.click(screen.getByRole('link', { name: 'Go to Playback tokens' }));
    await waitFor(() => expect(window.location.pathname).toBe('/tokens'));
  });

  it('should sign out and land on the sign-in page', async () => {
    let deleted = false;
    server.use(
      http.delete('/api/session', () => {
        deleted = true;
        return new HttpResponse(null, { status: 204 });
      }),
      http.get('/api/session', () =>
        deleted
          ? HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 })
          : HttpResponse.json(sessionFor('admin')),
      ),
    );
    const { user } = renderApp('/streams');
    await user.click(await screen.findByRole('button', { name: 'Account: Ada admin, Admin' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(deleted).toBe(true);
    expect(window.location.pathname).toBe('/sign-in');
  });

  it('should send the user to sign in when a request finds the session gone', async () => {
    server.use(
      http.get('/api/streams', () =>
        HttpResponse.json({ code: 'unauthenticated', message: 'Sign in again.' }, { status: 401 }),
      ),
    );
    renderApp('/streams?state=live');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(screen.getByText('Sign in again.')).toBeVisible();
    expect(window.history.state).toEqual({ from: '/streams?state=live', notice: 'Sign in again.' });
  });

  it('should switch between the light and the dark theme', async () => {
    const { user } = renderApp('/streams');
    const toggle = await screen.findByRole('button', { name: 'Switch to dark theme' });
    await user.click(toggle);
    expect(await screen.findByRole('button', { name: 'Switch to light theme' })).toBeVisible();
    expect(document.documentElement).toHaveClass('dark');
  });

  it('should offer a skip link that moves focus to the content', async () => {
    const { user } = renderApp('/streams');
    await screen.findByRole('heading', { level: 1, name: 'Streams' });
    await user.tab();
    const skip = screen.getByRole('link', { name: 'Skip to content' });
    expect(skip).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('main')).toHaveFocus();
  });
});
