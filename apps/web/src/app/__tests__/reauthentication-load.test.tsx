import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as DialogModule from '@/features/auth/components/reauthentication-dialog.tsx';
import { staffMembers } from '@/testing/admin-fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';

// "Confirm it's you" is fetched apart from the page: here its code cannot be fetched until
// `network.fetchable`.
const network = vi.hoisted(() => {
  const state = {
    fetchable: false,
    failure: '',
    notFetched: () =>
      new TypeError(`Failed to fetch dynamically imported module: ${state.failure}`),
  };
  return state;
});
// (An error thrown by a mock's factory reaches the importer wrapped by vitest, and the module
// is asked for once: its exports fail instead, each time they are read.)
vi.mock('@/features/auth/components/reauthentication-dialog.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof DialogModule>();
  return {
    get ReauthenticationDialog() {
      if (!network.fetchable) throw network.notFetched();
      return real.ReauthenticationDialog;
    },
    SsoConfirmOutcomeNotice: real.SsoConfirmOutcomeNotice,
  };
});

const onLine = vi.spyOn(navigator, 'onLine', 'get');
afterEach(() => onLine.mockReset());

describe('"Confirm it’s you" whose code cannot be fetched', () => {
  it('says so in place; Cancel leaves the form as it was, and the next try loads it', async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    onLine.mockReturnValue(false);
    let confirmed = false;
    const creates: unknown[] = [];
    server.use(
      http.get('/api/staff', () => HttpResponse.json(staffMembers())),
      http.post('/api/staff', async ({ request }) => {
        creates.push(await request.json());
        if (!confirmed) {
          return HttpResponse.json(
            {
              code: 'reauthentication-required',
              message: 'Confirm it’s you to add staff.',
              reauthentication: { action: 'add staff', method: 'password' },
            },
            { status: 403 },
          );
        }
        return HttpResponse.json({ code: 'conflict', message: 'Taken.' }, { status: 409 });
      }),
      http.post('/api/session/confirm', () => {
        confirmed = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp('/staff');
    await user.click(await screen.findByRole('button', { name: 'Add staff member' }));
    const form = await screen.findByRole('dialog', { name: 'Add staff member' });
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Nora New');
    await user.type(within(form).getByRole('textbox', { name: 'Email' }), 'nora@example.com');
    await user.type(within(form).getByLabelText('Initial password'), 'a long enough password');
    await user.click(within(form).getByRole('button', { name: 'Add staff member' }));

    const dialog = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'This step could not be loaded: the browser is offline. Try again once the connection is back.',
    );
    expect(screen.queryByText('No connection')).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Try again' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(
      await within(
        await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' }),
      ).findByRole('alert'),
    ).toHaveTextContent(/browser is offline/);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Confirm it’s you to add staff' }),
      ).not.toBeInTheDocument(),
    );
    expect(within(form).getByRole('textbox', { name: 'Name' })).toHaveValue('Nora New');
    expect(within(form).getByText('Not done: confirm it’s you to add staff first.')).toBeVisible();
    expect(creates).toHaveLength(1);

    // Back online: sent again, the action asks again and the password dialog opens.
    onLine.mockReturnValue(true);
    network.fetchable = true;
    await user.click(within(form).getByRole('button', { name: 'Add staff member' }));
    const loaded = await screen.findByRole('dialog', { name: 'Confirm it’s you to add staff' });
    expect(within(loaded).getByLabelText(/^Password/)).toBeVisible();
  });
});
