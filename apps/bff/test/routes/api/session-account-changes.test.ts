import type { Session, Staff } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, PASSWORD } from '../../helpers/app.ts';
import { Client, staffClient } from '../../helpers/client.ts';
import { enrolTwoFactor, totpCode } from '../../helpers/credentials.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  t,
  emulator,
  clients: { admin },
} = useTestApp({ clients: { admin: 'seeded-admin' } });

const idOf = (client: Client) => client.session?.user.id ?? '';

/** A copy of the browser's cookie that no answer clears: what a thief would keep. */
function copyOf(client: Client) {
  const copy = new Client(t.app);
  copy.cookie = client.cookie;
  copy.csrf = client.csrf;
  return copy;
}

describe('account changes end sessions', () => {
  it('should end every session of a disabled account and not revive them on re-enabling', async () => {
    const editor = await staffClient(t.app, 'editor', 'revived@example.com');
    const copied = copyOf(editor);
    const otherBrowser = new Client(t.app);
    await otherBrowser.signIn('revived@example.com', PASSWORD);

    const disabled = await admin.patch(`/api/staff/${idOf(editor)}`, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect((await editor.get('/api/session')).statusCode).toBe(401);

    const enabled = await admin.patch(`/api/staff/${idOf(editor)}`, { disabled: false });
    expect(enabled.json<Staff>().disabled).toBe(false);
    expect((await copied.get('/api/session')).statusCode).toBe(401);
    expect((await otherBrowser.get('/api/session')).statusCode).toBe(401);
    // Signing in again works, with a new session.
    const again = new Client(t.app);
    expect((await again.signIn('revived@example.com', PASSWORD)).statusCode).toBe(200);
  });

  it('should not revive an unfinished sign-in of a disabled account on re-enabling', async () => {
    const editor = await staffClient(t.app, 'editor', 'revived-pending@example.com');
    const { secret } = await enrolTwoFactor(editor, t.clock);
    // The password is spent; the code step is still to come when the admin disables the account.
    const browser = new Client(t.app);
    const first = await browser.signIn('revived-pending@example.com', PASSWORD);
    expect(first.json()).toMatchObject({ pending: 'two-factor' });
    expect((await admin.patch(`/api/staff/${idOf(editor)}`, { disabled: true })).statusCode).toBe(
      200,
    );
    expect((await admin.patch(`/api/staff/${idOf(editor)}`, { disabled: false })).statusCode).toBe(
      200,
    );
    const code = await browser.post('/api/session/two-factor', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(code.statusCode).toBe(401);
    expect(code.json()).toMatchObject({ code: 'sign-in-expired' });
  });

  it('should end the sessions of an account disabled straight in the database, for good', async () => {
    const viewer = await staffClient(t.app, 'viewer', 'sql-disabled@example.com');
    const copied = copyOf(viewer);
    await t.app.db
      .updateTable('staff')
      .set({ disabled: 1 })
      .where('id', '=', idOf(viewer))
      .execute();
    expect((await viewer.get('/api/session')).statusCode).toBe(401);
    await t.app.db
      .updateTable('staff')
      .set({ disabled: 0 })
      .where('id', '=', idOf(viewer))
      .execute();
    expect((await copied.get('/api/session')).statusCode).toBe(401);
  });

  it('should end the sessions of an account whose role is lowered, and say so', async () => {
    const editor = await staffClient(t.app, 'editor');
    const response = await admin.patch(`/api/staff/${idOf(editor)}`, { role: 'viewer' });
    expect(response.statusCode).toBe(200);
    const refused = await editor.get('/api/session');
    expect(refused.statusCode).toBe(401);
    // Said as such on the sign-in page: the person learns why the page they had is gone.
    expect(refused.json()).toEqual({
      code: 'unauthenticated',
      message:
        'Your role was changed to one with fewer rights, so your session ended. Sign in again to continue with your new role.',
    });
    const entry = await t.app.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'staff.update')
      .where('subject', '=', idOf(editor))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toMatchObject({ sessionsEnded: 1 });
  });

  it('should clear the cookie of an admin who lowers their own role', async () => {
    const stepping = await staffClient(t.app, 'admin');
    const response = await stepping.patch(`/api/staff/${idOf(stepping)}`, { role: 'editor' });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.find((c) => c.name === 'ptd_session')?.value).toBe('');
    expect((await stepping.get('/api/session')).statusCode).toBe(401);
  });

  it('should keep the sessions of an account whose role is raised', async () => {
    const viewer = await staffClient(t.app, 'viewer');
    await admin.patch(`/api/staff/${idOf(viewer)}`, { role: 'editor' });
    const who = await viewer.get('/api/session');
    expect(who.statusCode).toBe(200);
    expect(who.json<Session>().user.role).toBe('editor');
  });

  it('should end the admin’s sessions when ADMIN_PASSWORD resets its password at start', async () => {
    const first = await createTestApp({ upstreamUrl: emulator.url, keepDataDir: true });
    const client = new Client(first.app);
    await client.signIn(ADMIN.email, ADMIN.password);
    await first.close();
    const restarted = await createTestApp({
      upstreamUrl: emulator.url,
      dataDir: first.dataDir,
      env: { ADMIN_PASSWORD: 'a brand new admin password' },
    });
    try {
      const again = new Client(restarted.app);
      again.cookie = client.cookie;
      expect((await again.get('/api/session')).statusCode).toBe(401);
    } finally {
      await restarted.close();
    }
  });
});
