import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler, type CreateTokenCall } from '@/testing/token-create-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';

const ended = { code: 'unauthenticated', message: 'Your session has ended. Sign in again.' };
const lowered = {
  code: 'unauthenticated',
  message:
    'Your role was changed to one with fewer rights, so your session ended. Sign in again to continue with your new role.',
};

/** The BFF after the session was signed out elsewhere: every request 401 until signing in. */
function endTheSession(next = sessionFor('admin')) {
  let signedIn = false;
  server.use(
    http.get('/api/session', () =>
      signedIn ? HttpResponse.json(next) : HttpResponse.json(ended, { status: 401 }),
    ),
    http.post('/api/tokens', () => HttpResponse.json(ended, { status: 401 })),
    http.post('/api/session', () => {
      signedIn = true;
      return HttpResponse.json(next);
    }),
  );
}

describe('A session that ends while a form is filled in', () => {
  it('should say on the sign-in page why, and lead back to the form with what was typed', async () => {
    const { user } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'tonight-vip');

    endTheSession();
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(screen.getByText('Your session has ended. Sign in again.')).toBeVisible();

    await user.type(screen.getByLabelText(/Email/), 'admin@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('form', { name: 'Secure playback token' });
    await waitFor(() => expect(window.location.pathname).toBe('/tokens/new'));
    // What was typed is back, once: the next form starts fresh.
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveValue('tonight-vip');
    expect(screen.getByRole('button', { name: 'DmoEv-Stage2' })).toBeVisible();
    expect(screen.getByText(/What you had entered before signing in again is back/)).toBeVisible();
    expect(sessionStorage.length).toBe(0);
  });

  it('should not show what was typed to someone else who signs in at the same tab', async () => {
    const { user } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'tonight-vip');

    endTheSession(sessionFor('editor'));
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });

    await user.type(screen.getByLabelText(/Email/), 'editor@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('form', { name: 'Secure playback token' });
    expect(screen.getByRole('textbox', { name: 'Tag' })).toHaveValue('');
    expect(screen.queryByText(/What you had entered before signing in again is back/)).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });

  it('should say the role changed, and not keep the form for a viewer who cannot use it', async () => {
    const editor = sessionFor('editor');
    server.use(http.get('/api/session', () => HttpResponse.json(editor)));
    const { user } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'tonight-vip');

    // An admin lowers the editor to viewer: the BFF ends their sessions and says why.
    server.use(
      http.get('/api/session', () => HttpResponse.json(lowered, { status: 401 })),
      http.post('/api/tokens', () => HttpResponse.json(lowered, { status: 401 })),
      http.post('/api/session', () => {
        server.use(http.get('/api/session', () => HttpResponse.json(asViewer)));
        return HttpResponse.json(asViewer);
      }),
    );
    const asViewer = sessionFor('viewer', { user: { ...editor.user, role: 'viewer' } });
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(screen.getByText(lowered.message)).toBeVisible();
    await user.type(screen.getByLabelText(/Email/), 'editor@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('You can’t create tokens')).toBeVisible();
    expect(window.location.pathname).toBe('/tokens/new');
    expect(screen.queryByText(/What you had entered before signing in again is back/)).toBeNull();
    // Nor is it left in the tab for later.
    await waitFor(() => expect(sessionStorage.length).toBe(0));
  });
});

const refused = {
  code: 'csrf',
  message: 'Missing or wrong x-csrf-token header. Reload the page and try again.',
};

/**
 * Another tab of this browser signed out and in again (as `next`): the session cookie both tabs
 * share is a new session, with a CSRF token this tab has not seen.
 */
function signInAgainElsewhere(next: ReturnType<typeof sessionFor>) {
  const created: CreateTokenCall[] = [];
  server.use(
    http.get('/api/session', () => HttpResponse.json(next)),
    http.post('/api/tokens', ({ request }) =>
      request.headers.get('x-csrf-token') === next.csrfToken
        ? undefined
        : HttpResponse.json(refused, { status: 403 }),
    ),
    createTokenHandler(created),
  );
  return created;
}

async function fillTheForm() {
  const view = renderApp('/tokens/new');
  const { user } = view;
  await screen.findByRole('form', { name: 'Secure playback token' });
  await chooseStream(user, 'Stage', /DmoEv-Stage2/);
  await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'tonight-vip');
  return view;
}

describe('A form filled in while another tab signs out and in again', () => {
  it('should create the token when the same person signed in again there', async () => {
    const { user } = await fillTheForm();
    const created = signInAgainElsewhere(sessionFor('admin', { csrfToken: 'renewed' }));
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));

    expect(
      await screen.findByRole('dialog', { name: 'Secure playback token created' }),
    ).toBeVisible();
    expect(screen.queryByText(refused.message)).toBeNull();
    expect(created).toHaveLength(1);
  });

  it('should keep the form for after signing in when someone else signed in there', async () => {
    const { user } = await fillTheForm();
    const created = signInAgainElsewhere(sessionFor('editor', { csrfToken: 'renewed' }));
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(
      screen.getByText(
        'Someone else signed in at another tab of this browser. Sign in again to continue.',
      ),
    ).toBeVisible();
    expect(created).toHaveLength(0);
    expect(sessionStorage.getItem('kept-across-sign-in')).toContain('tonight-vip');
  });
});

describe('A page open while another tab signs in', () => {
  it('should go to sign in at once when someone else signed in there, keeping the form for its author', async () => {
    await fillTheForm();
    signInAgainElsewhere(sessionFor('editor', { csrfToken: 'renewed' }));
    // The other tab says whose session it signed in to (this tab has made no request since).
    new BroadcastChannel('ptd-sessions').postMessage(sessionFor('editor').user.id);

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(
      screen.getByText(
        'Someone else signed in at another tab of this browser. Sign in again to continue.',
      ),
    ).toBeVisible();
    expect(screen.queryByText('Administrator')).toBeNull();
    expect(sessionStorage.getItem('kept-across-sign-in')).toContain('tonight-vip');
  });

  it('should tell the other tabs whose session a tab found when it opened (as after single sign-on)', async () => {
    const heard: unknown[] = [];
    const channel = new BroadcastChannel('ptd-sessions');
    channel.onmessage = (event: MessageEvent) => heard.push(event.data);
    renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    await waitFor(() => expect(heard).toEqual([sessionFor('admin').user.id]));
    channel.close();
  });
});
