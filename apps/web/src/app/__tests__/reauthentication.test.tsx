import { screen, waitFor, within } from '@testing-library/react';
import type { Staff } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, handleReauthentication } from '@/lib/api-client.ts';
import { staffMembers } from '@/testing/admin-fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

const refusal = (method: 'password' | 'password-and-code' | 'single-sign-on' = 'password') => ({
  code: 'reauthentication-required',
  message:
    'Confirm it’s you to add staff: enter your password again. This is asked when you last signed in or confirmed more than 10 minutes ago.',
  reauthentication: { action: 'add staff', method },
});

interface Sent {
  body: unknown;
  headers: Record<string, string>;
}

/** The BFF with a stale proof: adding staff is refused until the session is confirmed. */
function staleProof(method?: 'password' | 'password-and-code' | 'single-sign-on') {
  let confirmed = false;
  const creates: Sent[] = [];
  const confirms: unknown[] = [];
  server.use(
    http.get('/api/staff', () => HttpResponse.json(staffMembers())),
    http.post('/api/staff', async ({ request }) => {
      const body = (await request.json()) as Staff;
      creates.push({ body, headers: Object.fromEntries(request.headers.entries()) });
      if (!confirmed) return HttpResponse.json(refusal(method), { status: 403 });
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
  return { creates, confirms };
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

  it('sends a single sign-on account to its provider, to come back to this page', async () => {
    staleProof('single-sign-on');
    const { user } = renderApp('/staff');
    await fillAddStaff(user);
    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    expect(within(dialog).queryByLabelText(/^Password/)).not.toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
      'href',
      '/api/session/sso/confirm?returnTo=%2Fstaff',
    );
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
