import { screen, waitFor, within } from '@testing-library/react';
import type { PendingSignIn } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

const QR = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';
const CODES = Array.from(
  { length: 10 },
  (_, i) => `ABCD-EFGH-JKMN-PQ${String(i).padStart(2, '0')}`,
);
const pending = (stage: PendingSignIn['pending']): PendingSignIn => ({
  pending: stage,
  email: 'ada@example.com',
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
});

/**
 * The BFF's sign-in with its later steps: the password leads to `first`; each step's handler
 * decides what comes next. Records what each route was sent.
 */
function serveSignIn(first: PendingSignIn['pending']) {
  let signedIn = false;
  const sent: Array<{ path: string; body: unknown }> = [];
  const record = async (path: string, request: Request) => {
    const body = request.headers.get('content-type') ? await request.json() : undefined;
    sent.push({ path, body });
    return body as Record<string, string> | undefined;
  };
  const done = () => {
    signedIn = true;
    return sessionFor('admin');
  };
  server.use(
    http.get('/api/session', () =>
      signedIn
        ? HttpResponse.json(sessionFor('admin'))
        : HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 }),
    ),
    http.post('/api/session', async ({ request }) => {
      await record('/api/session', request);
      return HttpResponse.json(pending(first));
    }),
    http.post('/api/session/two-factor', async ({ request }) => {
      const body = await record('/api/session/two-factor', request);
      if (body?.code !== '123456' && body?.code !== 'ABCD-EFGH-JKMN-PQ00') {
        return HttpResponse.json(
          {
            code: 'invalid-code',
            message:
              'The code is wrong or has expired. Enter the code your authenticator app shows now.',
          },
          { status: 401 },
        );
      }
      return HttpResponse.json(done());
    }),
    http.post('/api/session/password', async ({ request }) => {
      const body = await record('/api/session/password', request);
      if (body?.newPassword === 'password1234') {
        const message =
          'New password: this is similar to a commonly used password. Add more words that are less common.';
        return HttpResponse.json(
          { code: 'invalid-request', message, issues: [{ path: 'newPassword', message }] },
          { status: 400 },
        );
      }
      return HttpResponse.json(pending('enrol-two-factor'));
    }),
    http.post('/api/session/enrolment', async ({ request }) => {
      await record('/api/session/enrolment', request);
      return HttpResponse.json({
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        uri: 'otpauth://totp/Playback%20Tokens:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        qrCode: QR,
      });
    }),
    http.post('/api/session/enrolment/confirm', async ({ request }) => {
      const body = await record('/api/session/enrolment/confirm', request);
      if (body?.code !== '654321') {
        const message = 'Code: this is not the code your app shows now.';
        return HttpResponse.json(
          { code: 'invalid-code', message, issues: [{ path: 'code', message }] },
          { status: 400 },
        );
      }
      return HttpResponse.json({ session: done(), recoveryCodes: CODES });
    }),
  );
  return sent;
}

async function enterPassword(user: ReturnType<typeof renderApp>['user']) {
  await screen.findByRole('heading', { name: 'Sign in' });
  await user.type(screen.getByLabelText(/Email/), 'ada@example.com');
  await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('Sign-in with two-factor', () => {
  it('should ask for the code after the password, say a wrong one under the field, and go on with the right one', async () => {
    const sent = serveSignIn('two-factor');
    const { user } = renderApp('/account/sessions');
    server.use(http.get('/api/sessions', () => HttpResponse.json([])));
    await enterPassword(user);

    expect(await screen.findByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
    expect(screen.getByText('ada@example.com')).toBeVisible();
    const code = screen.getByLabelText(/6-digit code/);
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(code).toHaveAccessibleDescription('Code: enter the 6 digits your app shows.');

    await user.type(code, '111111');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    await waitFor(() =>
      expect(code).toHaveAccessibleDescription(
        'The code is wrong or has expired. Enter the code your authenticator app shows now.',
      ),
    );
    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your sessions' })).toBeVisible();
    expect(window.location.pathname).toBe('/account/sessions');
    expect(sent.filter((s) => s.path === '/api/session/two-factor').map((s) => s.body)).toEqual([
      { code: '111111' },
      { code: '123456' },
    ]);
  });

  it('should take a recovery code instead when asked', async () => {
    const sent = serveSignIn('two-factor');
    const { user } = renderApp('/sign-in');
    await enterPassword(user);
    await user.click(await screen.findByRole('button', { name: 'Use a recovery code' }));
    await user.type(screen.getByLabelText(/Recovery code/), 'ABCD-EFGH-JKMN-PQ00');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Event overview' })).toBeVisible();
    expect(sent.at(-1)).toEqual({
      path: '/api/session/two-factor',
      body: { code: 'ABCD-EFGH-JKMN-PQ00' },
    });
  });

  it('should go back to the password with the reason when the step has expired', async () => {
    serveSignIn('two-factor');
    server.use(
      http.post('/api/session/two-factor', () =>
        HttpResponse.json(
          {
            code: 'sign-in-expired',
            message: 'Your sign-in has expired or ended. Enter your email and password again.',
          },
          { status: 401 },
        ),
      ),
      // The expired step is forgotten at the server too.
      http.delete('/api/session', () => new HttpResponse(null, { status: 204 })),
    );
    const { user } = renderApp('/sign-in');
    await enterPassword(user);
    await user.type(await screen.findByLabelText(/6-digit code/), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(
      screen.getByText('Your sign-in has expired or ended. Enter your email and password again.'),
    ).toBeVisible();
  });
});

describe('The first admin’s sign-in', () => {
  it('should lead from the new password to setting up two-factor and the recovery codes, then into the app', async () => {
    const sent = serveSignIn('change-password');
    const { user } = renderApp('/sign-in');
    await enterPassword(user);

    expect(await screen.findByRole('heading', { name: 'Choose your password' })).toBeVisible();
    const password = screen.getByLabelText(/^New password/);
    await user.type(password, 'password1234');
    await user.type(screen.getByLabelText(/^Repeat the new password/), 'password12345');
    await user.click(screen.getByRole('button', { name: 'Save password and continue' }));
    expect(screen.getByLabelText(/^Repeat the new password/)).toHaveAccessibleDescription(
      'Repeat the new password: it is not the same.',
    );
    await user.clear(screen.getByLabelText(/^Repeat the new password/));
    await user.type(screen.getByLabelText(/^Repeat the new password/), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Save password and continue' }));
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription(
        'New password: this is similar to a commonly used password. Add more words that are less common.',
      ),
    );
    await user.clear(password);
    await user.type(password, 'my own long passphrase');
    await user.clear(screen.getByLabelText(/^Repeat the new password/));
    await user.type(screen.getByLabelText(/^Repeat the new password/), 'my own long passphrase');
    await user.click(screen.getByRole('button', { name: 'Save password and continue' }));

    expect(await screen.findByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
    expect(
      await screen.findByRole('img', { name: 'QR code for your authenticator app' }),
    ).toHaveAttribute('src', QR);
    expect(screen.getByText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')).toBeVisible();
    await user.type(screen.getByLabelText(/6-digit code/), '000000');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    await waitFor(() =>
      expect(screen.getByLabelText(/6-digit code/)).toHaveAccessibleDescription(
        'Code: this is not the code your app shows now.',
      ),
    );
    await user.clear(screen.getByLabelText(/6-digit code/));
    await user.type(screen.getByLabelText(/6-digit code/), '654 321');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(CODES);
    const go = screen.getByRole('button', { name: 'Continue to the dashboard' });
    expect(go).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'I have saved my recovery codes' }));
    await user.click(go);
    expect(await screen.findByRole('heading', { level: 1, name: 'Event overview' })).toBeVisible();
    expect(sent.map((s) => s.path)).toEqual([
      '/api/session',
      '/api/session/password',
      '/api/session/password',
      '/api/session/enrolment',
      '/api/session/enrolment/confirm',
      '/api/session/enrolment/confirm',
    ]);
    expect(sent.at(-1)?.body).toEqual({ code: '654321' });
  });

  it('should pick the step up again after a reload', async () => {
    serveSignIn('change-password');
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json(
          { code: 'sign-in-pending', message: 'Finish signing in to continue.' },
          { status: 401 },
        ),
      ),
      http.get('/api/session/pending', () => HttpResponse.json(pending('change-password'))),
    );
    renderApp('/streams');
    expect(await screen.findByRole('heading', { name: 'Choose your password' })).toBeVisible();
    expect(window.location.pathname).toBe('/sign-in');
  });

  it('should start again from the password when asked, and tell the server to forget the step', async () => {
    serveSignIn('two-factor');
    let forgotten = false;
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json(
          forgotten
            ? { code: 'unauthenticated', message: 'Sign in to continue.' }
            : { code: 'sign-in-pending', message: 'Finish signing in to continue.' },
          { status: 401 },
        ),
      ),
      http.get('/api/session/pending', () => HttpResponse.json(pending('two-factor'))),
      http.delete('/api/session', () => {
        forgotten = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, client } = renderApp('/sign-in');
    await user.click(await screen.findByRole('button', { name: 'Start again' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeVisible();
    await waitFor(() => expect(forgotten).toBe(true));
    // It stays there once every request has been answered: no bounce back to the code step.
    await waitFor(() => expect(client.isMutating() + client.isFetching()).toBe(0));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(screen.queryByLabelText(/6-digit code/)).not.toBeInTheDocument();
  });
});
