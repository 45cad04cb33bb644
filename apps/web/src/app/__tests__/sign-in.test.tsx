import { screen, within, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

/** The BFF's session routes with one account: signed out until the right password is sent. */
function serveSessions() {
  let signedIn = false;
  const attempts: unknown[] = [];
  server.use(
    http.get('/api/session', () =>
      signedIn
        ? HttpResponse.json(sessionFor('editor'))
        : HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 }),
    ),
    http.post('/api/session', async ({ request }) => {
      const body = (await request.json()) as { email: string; password: string };
      attempts.push(body);
      if (body.password !== 'correct horse battery') {
        return HttpResponse.json(
          { code: 'invalid-credentials', message: 'The email or password is wrong.' },
          { status: 401 },
        );
      }
      signedIn = true;
      return HttpResponse.json(sessionFor('editor'));
    }),
  );
  return attempts;
}

describe('Sign in', () => {
  it('should send a signed-out visitor to sign in and back where they were heading', async () => {
    const attempts = serveSessions();
    const { user } = renderApp('/streams/id-DmoEv-Stage1?tab=x');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(window.location.pathname).toBe('/sign-in');

    await user.type(screen.getByLabelText(/Email/), 'Editor@Example.com');
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' })).toBeVisible();
    expect(window.location.pathname).toBe('/streams/id-DmoEv-Stage1');
    expect(window.location.search).toBe('?tab=x');
    expect(attempts).toEqual([{ email: 'editor@example.com', password: 'correct horse battery' }]);
  });

  it('should say under the fields what is missing, without asking the server', async () => {
    const attempts = serveSessions();
    const { user } = renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in' });
    await user.type(screen.getByLabelText(/Email/), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByLabelText(/Email/)).toHaveAccessibleDescription(
      'Email: enter a valid email address such as ada@example.com.',
    );
    expect(screen.getByLabelText(/^Password/)).toHaveAccessibleDescription(
      'Password: enter your password.',
    );
    expect(screen.getByLabelText(/Email/)).toHaveFocus();
    expect(attempts).toHaveLength(0);
  });

  it('should say under the password when the pair is wrong', async () => {
    serveSessions();
    const { user } = renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in' });
    await user.type(screen.getByLabelText(/Email/), 'editor@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() =>
      expect(screen.getByLabelText(/^Password/)).toHaveAccessibleDescription(
        'The email or password is wrong.',
      ),
    );
    expect(screen.getByLabelText(/^Password/)).toHaveFocus();
  });

  it('should show a wait as a wait, not as a wrong password, and sign in once it is over', async () => {
    serveSessions();
    let waiting = false;
    server.use(
      http.post('/api/session', async ({ request }) => {
        const { password } = (await request.clone().json()) as { password: string };
        // The BFF's throttle: a wrong password starts the wait; nothing is checked during it.
        if (waiting) {
          return HttpResponse.json(
            { code: 'rate-limited', message: 'Too many failed sign-ins. Try again in 2 seconds.' },
            { status: 429, headers: { 'retry-after': '2' } },
          );
        }
        if (password !== 'correct horse battery') waiting = true;
        return undefined;
      }),
    );
    const { user } = renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in' });
    const password = screen.getByLabelText(/^Password/);
    await user.type(screen.getByLabelText(/Email/), 'editor@example.com');
    await user.type(password, 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription('The email or password is wrong.'),
    );

    for (const typed of ['wrong again', 'correct horse battery']) {
      await user.clear(password);
      await user.type(password, typed);
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Too many failed sign-ins. Try again in 2 seconds.',
      );
      expect(password).not.toHaveAccessibleDescription();
      expect(screen.queryByText('The email or password is wrong.')).toBeNull();
    }

    waiting = false;
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(window.location.pathname).not.toBe('/sign-in'));
  });

  it('should show other sign-in failures in full', async () => {
    serveSessions();
    server.use(
      http.post('/api/session', () =>
        HttpResponse.json(
          { code: 'account-disabled', message: 'This account is disabled. Ask an administrator.' },
          { status: 403 },
        ),
      ),
    );
    const { user } = renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in' });
    await user.type(screen.getByLabelText(/Email/), 'editor@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'whatever');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This account is disabled. Ask an administrator.',
    );
  });

  it('should show a failure that names no field in the sign-in form’s own alert', async () => {
    serveSessions();
    server.use(
      http.post('/api/session', () =>
        HttpResponse.json(
          { code: 'unavailable', message: 'The dashboard’s database is not answering.' },
          { status: 503 },
        ),
      ),
    );
    const { user } = renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in' });
    await user.type(screen.getByLabelText(/Email/), 'editor@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'whatever');
    const submit = screen.getByRole('button', { name: 'Sign in' });
    await user.click(submit);
    const form = submit.closest('form')!;
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'The dashboard’s database is not answering.',
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('should show and hide the password on request', async () => {
    serveSessions();
    const { user } = renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in' });
    const password = screen.getByLabelText(/^Password/);
    expect(password).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Show password' }));
    expect(password).toHaveAttribute('type', 'text');
    expect(screen.getByRole('button', { name: 'Show password' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });
});
