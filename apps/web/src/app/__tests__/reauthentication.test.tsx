import { act, screen, waitFor, within } from '@testing-library/react';
import type { Staff } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { markSsoConfirmInTab, takeSsoConfirmInTab } from '@/features/auth/sso-confirm-in-tab.ts';
import { api, handleReauthentication } from '@/lib/api-client.ts';
import { staffMembers } from '@/testing/admin-fixtures.ts';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

const refusal = (
  method: 'password' | 'password-and-code' | 'single-sign-on' = 'password',
  extra: { provider?: string } = {},
) => ({
  code: 'reauthentication-required',
  message:
    'Confirm it’s you to add staff: enter your password again. This is asked when you last signed in or confirmed more than 10 minutes ago.',
  reauthentication: { action: 'add staff', method, ...extra },
});

interface Sent {
  body: unknown;
  headers: Record<string, string>;
}

/** The BFF with a stale proof: adding staff is refused until the session is confirmed. */
function staleProof(
  method?: 'password' | 'password-and-code' | 'single-sign-on',
  extra: { provider?: string } = {},
) {
  let confirmed = false;
  const creates: Sent[] = [];
  const confirms: unknown[] = [];
  server.use(
    http.get('/api/staff', () => HttpResponse.json(staffMembers())),
    http.post('/api/staff', async ({ request }) => {
      const body = (await request.json()) as Staff;
      creates.push({ body, headers: Object.fromEntries(request.headers.entries()) });
      if (!confirmed) return HttpResponse.json(refusal(method, extra), { status: 403 });
      return HttpResponse.json(
        {
          id: 'staff-new',
          email: body.email,
          displayName: body.displayName,
          role: body.role,
          disabled: false,
          createdAt: new Date().toISOString(),
          lastSignInAt: null,
          twoFactor: false,
        },
        { status: 201 },
      );
    }),
    http.post('/api/session/confirm', async ({ request }) => {
      const body = (await request.json()) as { password: string; code?: string };
      confirms.push(body);
      if (body.password !== 'my own password') {
        const message = 'Password: this is not your password. Enter the password you sign in with.';
        return HttpResponse.json(
          { code: 'invalid-credentials', message, issues: [{ path: 'password', message }] },
          { status: 401 },
        );
      }
      confirmed = true;
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return {
    creates,
    confirms,
    /** The session proved at the provider: what the server judges by. */
    confirm: () => {
      confirmed = true;
    },
  };
}

async function fillAddStaff(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Add staff member' }));
  const form = await screen.findByRole('dialog', { name: 'Add staff member' });
  await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Nora New');
  await user.type(within(form).getByRole('textbox', { name: 'Email' }), 'nora@example.com');
  await user.type(within(form).getByLabelText('Initial password'), 'a long enough password');
  await user.click(within(form).getByRole('button', { name: 'Add staff member' }));
  return form;
}

describe('Confirm it’s you', () => {
  it('asks for the password in place, then sends the original request once more, as it was', async () => {
    const { creates, confirms } = staleProof();
    const { user } = renderApp('/staff');
    const form = await fillAddStaff(user);

    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    expect(within(dialog).getByLabelText(/^Password/)).toHaveFocus();
    // A wrong password is said under the field; nothing is sent again.
    await user.type(within(dialog).getByLabelText(/^Password/), 'a guess');
    await user.keyboard('{Enter}');
    expect(await within(dialog).findByText(/Password: this is not your password/)).toBeVisible();
    expect(creates).toHaveLength(1);

    await user.clear(within(dialog).getByLabelText(/^Password/));
    await user.type(within(dialog).getByLabelText(/^Password/), 'my own password');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(creates).toHaveLength(2));
    expect(creates[1]!.body).toEqual(creates[0]!.body);
    expect(confirms.at(-1)).toEqual({ password: 'my own password' });
    await waitFor(() => expect(form).not.toBeInTheDocument());
    expect(screen.queryByRole('dialog', { name: /Confirm it’s you/ })).not.toBeInTheDocument();
    expect(await screen.findByText(/Nora New can now sign in/)).toBeVisible();
    expect(creates).toHaveLength(2);
  });

  it('leaves the form as it was when the person cancels, and sends nothing again', async () => {
    const { creates, confirms } = staleProof();
    const { user } = renderApp('/staff');
    const form = await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(dialog).not.toBeInTheDocument());

    expect(form).toBeVisible();
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Nora New');
    expect(within(form).getByRole('textbox', { name: 'Email' })).toHaveValue('nora@example.com');
    expect(within(form).getByLabelText('Initial password')).toHaveValue('a long enough password');
    expect(within(form).getByText('Not done: confirm it’s you to add staff first.')).toBeVisible();
    expect(creates).toHaveLength(1);
    expect(confirms).toHaveLength(0);
  });

  it('asks for the code too when the account has two-factor sign-in', async () => {
    const { confirms, creates } = staleProof('password-and-code');
    const { user } = renderApp('/staff');
    await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await user.type(within(dialog).getByLabelText(/^Password/), 'my own password');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await within(dialog).findByText(/Code: enter the code/)).toBeVisible();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Authenticator code or recovery code' }),
      '123456',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(creates).toHaveLength(2));
    expect(confirms).toEqual([{ password: 'my own password', code: '123456' }]);
  });
});

/** A window the dialog opened: what it was opened with, and closing it as the person would. */
function fakePopup() {
  const opened: string[] = [];
  const popup = {
    closed: false,
    close: vi.fn(() => {
      popup.closed = true;
    }),
    focus: vi.fn(),
  };
  vi.spyOn(window, 'open').mockImplementation((url) => {
    opened.push(String(url));
    return popup as unknown as Window;
  });
  /** The window's last page telling this one how it went. */
  const tell = (outcome: string, from: { origin?: string; source?: unknown } = {}) =>
    act(() =>
      window.dispatchEvent(
        new MessageEvent('message', {
          data: { type: 'ptd-sso-confirm', outcome },
          origin: from.origin ?? window.location.origin,
          source: (from.source ?? popup) as MessageEventSource,
        }),
      ),
    );
  return { opened, popup, tell };
}

describe('Confirm it’s you with single sign-on', () => {
  afterEach(() => vi.restoreAllMocks());

  const ssoRefusal = () => {
    const sent = staleProof('single-sign-on', { provider: 'Acme ID' });
    return sent;
  };

  it('opens the provider in a window over the form, then sends the request again, as it was', async () => {
    const { creates, confirm } = ssoRefusal();
    const { opened, tell } = fakePopup();
    const { user } = renderApp('/staff');
    const form = await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    expect(within(dialog).queryByLabelText(/^Password/)).not.toBeInTheDocument();
    expect(within(dialog).queryByText(/will be lost/)).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    expect(opened).toEqual(['/api/session/sso/confirm?returnTo=%2Fstaff&popup=1']);
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'Waiting for you to sign in at Acme ID in the window that opened…',
    );

    // Another origin, or another window, is not listened to.
    await tell('confirmed', { origin: 'https://evil.example' });
    await tell('confirmed', { source: window });
    expect(creates).toHaveLength(1);

    confirm();
    await tell('confirmed');
    await waitFor(() => expect(creates).toHaveLength(2));
    expect(creates[1]!.body).toEqual(creates[0]!.body);
    await waitFor(() => expect(form).not.toBeInTheDocument());
    expect(screen.queryByRole('dialog', { name: /Confirm it’s you/ })).not.toBeInTheDocument();
    expect(await screen.findByText(/Nora New can now sign in/)).toBeVisible();
  });

  it('sends a request again with the same Idempotency-Key once the window says confirmed', async () => {
    const sent: Sent[] = [];
    let confirmed = false;
    server.use(
      http.get('/api/staff', () => HttpResponse.json(staffMembers())),
      http.post('/api/policies', async ({ request }) => {
        sent.push({
          body: await request.json(),
          headers: Object.fromEntries(request.headers.entries()),
        });
        return confirmed
          ? HttpResponse.json({ ok: true }, { status: 201 })
          : HttpResponse.json(
              {
                ...refusal(),
                reauthentication: {
                  action: 'create a policy',
                  method: 'single-sign-on',
                  provider: 'Acme ID',
                },
              },
              { status: 403 },
            );
      }),
    );
    const { tell } = fakePopup();
    const { user } = renderApp('/staff');
    await screen.findByRole('button', { name: 'Add staff member' });
    const created = api('/policies', {
      method: 'POST',
      body: { name: 'Cup final' },
      headers: { 'idempotency-key': 'key-1' },
      schema: z.object({ ok: z.boolean() }),
    });
    const dialog = await screen.findByRole('dialog', {
      name: 'Confirm it’s you to create a policy',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    confirmed = true;
    await tell('confirmed');
    await expect(created).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toEqual({ name: 'Cup final' });
    expect(sent.map((s) => s.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
  });

  it('says why the provider did not confirm, sends nothing, and lets the person try again', async () => {
    const { creates } = ssoRefusal();
    const { opened, tell } = fakePopup();
    const { user } = renderApp('/staff');
    const form = await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    await tell('another-account');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'You signed in at Acme ID as another account than the one signed in here.',
    );
    expect(creates).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(opened).toHaveLength(2);
    await tell('provider-unavailable');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Acme ID could not be reached. Try again in a moment.',
    );
    // The popup's request was refused before the provider's answer could be judged.
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    await tell('rate-limited');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Too many sign-ins from here in a short time. Wait a minute, then try again.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    await tell('server-error');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Something went wrong on the dashboard server. Try again in a moment.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Nora New');
    expect(creates).toHaveLength(1);
  });

  it('notices the window closed before signing in, and offers to try again or cancel', async () => {
    const { creates } = ssoRefusal();
    const { popup } = fakePopup();
    const { user } = renderApp('/staff');
    const form = await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    popup.closed = true;
    expect(
      await within(dialog).findByText(
        /The sign-in window was closed before Acme ID confirmed it’s you/,
        {},
        { timeout: 3000 },
      ),
    ).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Try again' })).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(within(form).getByText('Not done: confirm it’s you to add staff first.')).toBeVisible();
    expect(creates).toHaveLength(1);
  });

  it('closes the window when the person cancels while waiting', async () => {
    ssoRefusal();
    const { popup } = fakePopup();
    const { user } = renderApp('/staff');
    await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(popup.close).toHaveBeenCalled();
  });

  it('offers the sign-in in this tab when the browser opens no window, saying the entries go', async () => {
    ssoRefusal();
    vi.spyOn(window, 'open').mockReturnValue(null);
    const { user } = renderApp('/staff');
    await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in again' }));
    expect(within(dialog).getByText(/your entries on this page will be lost/)).toBeVisible();
    const link = within(dialog).getByRole('link', { name: 'Sign in in this tab' });
    expect(link).toHaveAttribute('href', '/api/session/sso/confirm?returnTo=%2Fstaff');
    // Leaving for the provider marks this tab: the page it comes back to may say how it went.
    expect(takeSsoConfirmInTab()).toBe(false);
    document.addEventListener('click', (event) => event.preventDefault(), { once: true });
    await user.click(link);
    expect(takeSsoConfirmInTab()).toBe(true);
    expect(takeSsoConfirmInTab()).toBe(false);
  });

  it('says how it went on the page opened again after signing in in this tab', async () => {
    server.use(
      http.get('/api/staff', () => HttpResponse.json(staffMembers())),
      http.get('/api/session/options', () =>
        HttpResponse.json({ password: false, sso: { name: 'Acme ID' } }),
      ),
      // The server says the proof is recent: the confirmation happened.
      http.get('/api/session', () =>
        HttpResponse.json(
          sessionFor('admin', { proofValidUntil: new Date(Date.now() + 600_000).toISOString() }),
        ),
      ),
    );
    markSsoConfirmInTab();
    const first = renderApp('/staff?sso-confirm=confirmed');
    expect(await screen.findByText('Confirmed: it’s you. Send it again.')).toBeVisible();
    await waitFor(() => expect(window.location.search).toBe(''));
    first.unmount();

    markSsoConfirmInTab();
    renderApp('/staff?sso-confirm=another-account');
    expect(
      await screen.findByText(/Not confirmed\. You signed in at Acme ID as another account/),
    ).toBeVisible();
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('says nothing of an outcome in a link when this tab started no confirmation', async () => {
    server.use(
      http.get('/api/staff', () => HttpResponse.json(staffMembers())),
      http.get('/api/session/options', () =>
        HttpResponse.json({ password: false, sso: { name: 'Acme ID' } }),
      ),
    );
    renderApp('/staff?sso-confirm=session-ended');
    expect(await screen.findByRole('heading', { name: 'Staff' })).toBeVisible();
    await waitFor(() => expect(window.location.search).toBe(''));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.queryByText(/Not confirmed/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Sign in again/)).not.toBeInTheDocument();
  });

  it('says nothing of a confirmation the session does not show (a link from anywhere)', async () => {
    markSsoConfirmInTab();
    const sessionAsked = vi.fn();
    server.use(
      http.get('/api/staff', () => HttpResponse.json(staffMembers())),
      http.get('/api/session/options', () =>
        HttpResponse.json({ password: false, sso: { name: 'Acme ID' } }),
      ),
      // The proof is as old as the sign-in, ten minutes and more ago.
      http.get('/api/session', () => {
        sessionAsked();
        return HttpResponse.json(
          sessionFor('admin', { proofValidUntil: new Date(Date.now() - 1000).toISOString() }),
        );
      }),
    );
    renderApp('/staff?sso-confirm=confirmed');
    expect(await screen.findByRole('heading', { name: 'Staff' })).toBeVisible();
    await waitFor(() => expect(window.location.search).toBe(''));
    // Asked again after the page came, and it said no.
    await waitFor(() => expect(sessionAsked.mock.calls.length).toBeGreaterThanOrEqual(2));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.queryByText(/Confirmed: it’s you/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Not confirmed/)).not.toBeInTheDocument();
  });
});

describe('api(): a request refused for an old proof', () => {
  it('is sent again once with the same body and Idempotency-Key after confirming, never twice', async () => {
    const sent: Sent[] = [];
    let confirmed = false;
    server.use(
      http.post('/api/policies', async ({ request }) => {
        sent.push({
          body: await request.json(),
          headers: Object.fromEntries(request.headers.entries()),
        });
        return confirmed
          ? HttpResponse.json({ ok: true }, { status: 201 })
          : HttpResponse.json(
              { ...refusal(), reauthentication: { action: 'create a policy', method: 'password' } },
              { status: 403 },
            );
      }),
    );
    const asked: string[] = [];
    const stop = handleReauthentication(async (needed) => {
      asked.push(needed.action);
      confirmed = true;
      return true;
    });
    try {
      await api('/policies', {
        method: 'POST',
        body: { name: 'Cup final' },
        headers: { 'idempotency-key': 'key-1' },
        schema: z.object({ ok: z.boolean() }),
      });
    } finally {
      stop();
    }
    expect(asked).toEqual(['create a policy']);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toEqual({ name: 'Cup final' });
    expect(sent.map((s) => s.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
  });
});
