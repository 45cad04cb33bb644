import { screen, waitFor, within } from '@testing-library/react';
import type { Staff } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { staffMembers } from '@/testing/admin-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { StaffPage } from '../components/staff-page.tsx';

/** Serves a small in-memory staff list and records what was sent. */
function serveStaff(initial: Staff[] = staffMembers()) {
  let staff = initial;
  const sent: { method: string; path: string; body: unknown }[] = [];
  server.use(
    http.get('/api/staff', () => HttpResponse.json(staff)),
    http.post('/api/staff', async ({ request }) => {
      const body = (await request.json()) as Staff & { password: string };
      sent.push({ method: 'POST', path: '/api/staff', body });
      if (staff.some((member) => member.email === body.email)) {
        return HttpResponse.json(
          { code: 'email-taken', message: 'A staff account with this email already exists.' },
          { status: 409 },
        );
      }
      const created: Staff = {
        id: `staff-${staff.length + 1}`,
        email: body.email,
        displayName: body.displayName,
        role: body.role,
        disabled: false,
        createdAt: new Date().toISOString(),
        lastSignInAt: null,
        twoFactor: false,
      };
      staff = [...staff, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch('/api/staff/:id', async ({ params, request }) => {
      const body = (await request.json()) as Partial<Staff>;
      sent.push({ method: 'PATCH', path: `/api/staff/${String(params.id)}`, body });
      staff = staff.map((member) => (member.id === params.id ? { ...member, ...body } : member));
      return HttpResponse.json(staff.find((member) => member.id === params.id));
    }),
  );
  return sent;
}

const renderStaff = () => renderWithProviders(<StaffPage />, { route: '/staff', path: '/staff' });

describe('StaffPage', () => {
  it('should list staff with role, status, creation and last sign-in', async () => {
    serveStaff();
    renderStaff();
    const table = await screen.findByRole('table', { name: 'Staff' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1]!).getByText('(you)', { exact: false })).toBeInTheDocument();
    expect(within(rows[2]!).getByText('editor@example.com')).toBeInTheDocument();
    expect(
      within(rows[2]!).getByRole('combobox', { name: 'Role of Eddie Editor' }),
    ).toHaveTextContent('Editor');
    expect(within(rows[3]!).getByText('Disabled')).toBeInTheDocument();
    expect(within(rows[3]!).getByText('Never')).toBeInTheDocument();
    // Admins cannot disable or demote themselves.
    expect(within(rows[1]!).queryByRole('button', { name: /Disable/ })).not.toBeInTheDocument();
    expect(within(rows[1]!).getByRole('combobox', { name: 'Role of Ada admin' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('should mark accounts of the identity provider and offer them no password or two-factor help', async () => {
    const members = staffMembers();
    serveStaff(members.map((member, i) => (i === 1 ? { ...member, singleSignOn: true } : member)));
    renderStaff();
    const table = await screen.findByRole('table', { name: 'Staff' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[2]!).getByText('Single sign-on')).toBeInTheDocument();
    expect(
      within(rows[2]!).queryByRole('button', { name: /^More actions/ }),
    ).not.toBeInTheDocument();
    expect(within(rows[3]!).getByRole('button', { name: /^More actions/ })).toBeInTheDocument();
    expect(screen.getByText(/TWO_FACTOR_REQUIRED does not cover them/)).toBeVisible();
  });

  it('should validate the new staff member and send them', async () => {
    const sent = serveStaff();
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });

    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add staff member' });
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveFocus();

    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'not-an-email');
    await user.type(within(dialog).getByLabelText('Initial password'), 'short');
    await user.click(within(dialog).getByRole('button', { name: 'Add staff member' }));
    expect(await within(dialog).findByText('Name: enter a name.')).toBeInTheDocument();
    expect(within(dialog).getByText(/^Email: enter a valid email address/)).toBeInTheDocument();
    expect(
      within(dialog).getByText('Initial password: at least 12 characters.'),
    ).toBeInTheDocument();
    expect(sent).toEqual([]);

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Grace Hopper');
    await user.clear(within(dialog).getByRole('textbox', { name: 'Email' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'Grace@Example.com');
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: /Viewer/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Generate password' }));
    const password = within(dialog).getByRole('textbox', { name: 'Initial password' });
    const generated = (password as HTMLInputElement).value;
    expect(generated).toHaveLength(20);

    await user.click(within(dialog).getByRole('button', { name: 'Add staff member' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.body).toEqual({
      displayName: 'Grace Hopper',
      email: 'grace@example.com',
      role: 'viewer',
      password: generated,
    });
    expect(await screen.findByText('Grace Hopper can now sign in as Viewer.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Grace Hopper')).toBeInTheDocument();
  });

  it('should let a long name without spaces wrap, in the list and in the notice', async () => {
    serveStaff();
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add staff member' });
    const name = 'ن'.repeat(90);
    await user.click(within(dialog).getByRole('textbox', { name: 'Name' }));
    await user.paste(name);
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'long@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Generate password' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add staff member' }));

    // Isolated: the right-to-left name does not carry the words after it along.
    const notice = await screen.findByText(`\u2068${name}\u2069 can now sign in as Editor.`);
    expect(getComputedStyle(notice.closest('.MuiAlert-root')!).overflowWrap).toBe('anywhere');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const table = screen.getByRole('table', { name: 'Staff' });
    const cell = await within(table).findByText(name);
    expect(getComputedStyle(cell.closest('.MuiTypography-root')!).overflowWrap).toBe('anywhere');
  });

  it('should move the focus to the password when it is the field to fix, as with the keyboard', async () => {
    const sent = serveStaff();
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add staff member' });

    await user.keyboard('Grace Hopper');
    await user.tab();
    await user.keyboard('grace@example.com{Enter}');

    const password = within(dialog).getByLabelText('Initial password');
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription('Initial password: at least 12 characters.'),
    );
    expect(password).toHaveFocus();
    expect(sent).toEqual([]);
  });

  it('should name the password field when a pasted password is too long', async () => {
    const sent = serveStaff();
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add staff member' });

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Grace Hopper');
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'grace@example.com');
    await user.click(within(dialog).getByLabelText('Initial password'));
    await user.paste('p'.repeat(5000));
    await user.click(within(dialog).getByRole('button', { name: 'Add staff member' }));

    expect(
      await within(dialog).findByText('Initial password: at most 1024 characters.'),
    ).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('should show an email that already exists under the email field', async () => {
    serveStaff();
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });
    await user.click(screen.getByRole('button', { name: 'Add staff member' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add staff member' });

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Eddie Again');
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'editor@example.com');
    await user.type(within(dialog).getByLabelText('Initial password'), 'a long enough password');
    await user.click(within(dialog).getByRole('button', { name: 'Add staff member' }));

    const email = within(dialog).getByRole('textbox', { name: 'Email' });
    await waitFor(() =>
      expect(email).toHaveAccessibleDescription(
        'Email: A staff account with this email already exists.',
      ),
    );
    expect(email).toHaveFocus();
    expect(dialog).toBeInTheDocument();
  });

  it('should change a role', async () => {
    const sent = serveStaff();
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });

    await user.click(screen.getByRole('combobox', { name: 'Role of Eddie Editor' }));
    await user.click(await screen.findByRole('option', { name: 'Admin' }));

    await waitFor(() =>
      expect(sent).toEqual([
        { method: 'PATCH', path: '/api/staff/staff-editor', body: { role: 'admin' } },
      ]),
    );
    expect(await screen.findByText('Eddie Editor is now Admin.')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Role of Eddie Editor' })).toHaveTextContent(
        'Admin',
      ),
    );
  });

  it('should disable an account only after confirmation', async () => {
    const sent = serveStaff();
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });

    await user.click(screen.getByRole('button', { name: 'Disable Eddie Editor' }));
    let dialog = await screen.findByRole('dialog', { name: 'Disable Eddie Editor’s account?' });
    expect(dialog).toHaveTextContent(/can no longer sign in/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(sent).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Disable Eddie Editor' }));
    dialog = await screen.findByRole('dialog', { name: 'Disable Eddie Editor’s account?' });
    await user.click(within(dialog).getByRole('button', { name: 'Disable account' }));
    await waitFor(() =>
      expect(sent).toEqual([
        { method: 'PATCH', path: '/api/staff/staff-editor', body: { disabled: true } },
      ]),
    );
    expect(await screen.findByRole('button', { name: 'Enable Eddie Editor' })).toBeInTheDocument();
  });

  it('should name a member isolated in its messages, with a marker for a direction override', async () => {
    const members = staffMembers();
    serveStaff(
      members.map((m) => (m.id === 'staff-editor' ? { ...m, displayName: 'abc\u202edef' } : m)),
    );
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });

    await user.click(screen.getByRole('combobox', { name: /^Role of \u2068abc/ }));
    await user.click(await screen.findByRole('option', { name: 'Admin' }));
    const status = await screen.findByRole('status');
    await waitFor(() =>
      expect(status).toHaveTextContent('\u2068abc[U+202E]def\u2069 is now Admin.', {
        normalizeWhitespace: false,
      }),
    );
    expect(status.textContent).not.toContain('\u202e');
  });

  it('should name a member isolated in the confirmation, with a marker for a direction override', async () => {
    const members = staffMembers();
    serveStaff(
      members.map((m) =>
        m.id === 'staff-editor'
          ? { ...m, displayName: 'abc\u202edef', email: 'x\u202ey@example.com' }
          : m,
      ),
    );
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });
    await user.click(screen.getByRole('button', { name: /^Disable \u2068abc/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).not.toContain('\u202e');
    const title = within(dialog).getByRole('heading', { level: 2 });
    expect(title).toHaveTextContent(/^Disable abcU\+202Edef’s account\?$/);
    // The title's name, and the name and address in the text.
    const markers = dialog.querySelectorAll('[data-control-character="U+202E"]');
    expect(markers).toHaveLength(3);
    for (const marker of markers) expect(marker.closest('bdi')).not.toBeNull();
  });

  it('should show the refusal to remove the last admin in the snackbar', async () => {
    serveStaff();
    server.use(
      http.patch('/api/staff/:id', () =>
        HttpResponse.json(
          {
            code: 'last-admin',
            message: 'This is the last active admin. Make someone else admin first.',
          },
          { status: 409 },
        ),
      ),
    );
    const { user } = renderStaff();
    await screen.findByRole('table', { name: 'Staff' });
    await user.click(screen.getByRole('button', { name: 'Enable Vera Viewer' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enable Vera Viewer’s account?' });
    await user.click(within(dialog).getByRole('button', { name: 'Enable account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This is the last active admin. Make someone else admin first.',
    );
  });

  it('should show a failed list request to the user', async () => {
    server.use(
      http.get('/api/staff', () =>
        HttpResponse.json(
          { code: 'internal', message: 'The database is unavailable.' },
          { status: 500 },
        ),
      ),
    );
    renderStaff();
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .some((el) => el.textContent === 'The database is unavailable.'),
      ).toBe(true),
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
