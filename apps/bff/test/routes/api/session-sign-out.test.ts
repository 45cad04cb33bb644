import type { Session } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN, PASSWORD } from '../../helpers/app.ts';
import { addStaff, Client, staffClient } from '../../helpers/client.ts';
import { tokenRequest } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const { t } = useTestApp();

/** Another browser holding a copy of `client`'s cookie and CSRF token. */
function copyOf(client: Client) {
  const copy = new Client(t.app);
  copy.cookie = client.cookie;
  copy.csrf = client.csrf;
  return copy;
}

describe('signing out ends the session on the server', () => {
  it('should refuse the old cookie on GET and POST after sign-out', async () => {
    const editor = await staffClient(t.app, 'editor');
    const copied = copyOf(editor);
    expect((await copied.get('/api/session')).statusCode).toBe(200);

    expect((await editor.delete('/api/session')).statusCode).toBe(204);

    const who = await copied.get('/api/session');
    expect(who.statusCode).toBe(401);
    expect(who.json()).toEqual({
      code: 'unauthenticated',
      message: 'Your session has ended. Sign in again.',
    });
    const create = await copied.post('/api/tokens', tokenRequest({ tag: 'after-sign-out' }));
    expect(create.statusCode).toBe(401);
    const listed = await t.app.db
      .selectFrom('ledger')
      .select('id')
      .where('tag', '=', 'after-sign-out')
      .execute();
    expect(listed).toEqual([]);
  });

  it('should refuse a cookie copied before sign-out even when it is replayed much later', async () => {
    const viewer = await staffClient(t.app, 'viewer');
    const copied = copyOf(viewer);
    await viewer.delete('/api/session');
    t.clock.advance(5 * 60_000);
    expect((await copied.get('/api/tokens')).statusCode).toBe(401);
    expect((await copied.get('/api/session')).statusCode).toBe(401);
  });

  it('should end the old session when the same browser signs in again', async () => {
    const client = new Client(t.app);
    await client.signIn(ADMIN.email, ADMIN.password);
    const before = copyOf(client);
    await client.signIn(ADMIN.email, ADMIN.password);
    expect((await before.get('/api/session')).statusCode).toBe(401);
    expect((await client.get('/api/session')).json<Session>().user.email).toBe(ADMIN.email);
  });

  it('should name the session a sign-in in the same browser replaced in its audit entry', async () => {
    const client = new Client(t.app);
    await client.signIn(ADMIN.email, ADMIN.password);
    await client.signIn(ADMIN.email, ADMIN.password);
    const [first, second] = await t.app.db
      .selectFrom('staff_session')
      .select(['id', 'end_reason'])
      .orderBy('id', 'desc')
      .limit(2)
      .execute()
      .then((rows) => rows.reverse());
    expect(first?.end_reason).toBe('signed-in-again');
    const entries = await t.app.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'session.sign-in')
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(entries.map((entry) => JSON.parse(entry.details) as unknown)).toEqual([
      { session: second?.id, replacedSession: first?.id },
      { session: first?.id },
    ]);
  });

  it('should name the person signing in as the one who ended a shared browser’s session', async () => {
    const leaving = await staffClient(t.app, 'editor', 'shared-desk-1@example.com');
    const before = leaving.session!.user.id;
    await addStaff(t.app, 'editor', { email: 'shared-desk-2@example.com' });
    await leaving.signIn('shared-desk-2@example.com', PASSWORD);
    const next = (await leaving.get('/api/session')).json<Session>().user;
    expect(next.email).toBe('shared-desk-2@example.com');
    const ended = await t.app.db
      .selectFrom('staff_session')
      .select(['staff_id', 'ended_by', 'end_reason'])
      .where('staff_id', '=', before)
      .executeTakeFirstOrThrow();
    expect(ended).toMatchObject({ end_reason: 'signed-in-again', ended_by: next.id });
  });

  it('should keep other sessions of the same person signed in', async () => {
    const first = await staffClient(t.app, 'editor', 'two-browsers@example.com');
    const second = new Client(t.app);
    await second.signIn('two-browsers@example.com', 'staff password 123');
    await first.delete('/api/session');
    expect((await first.get('/api/session')).statusCode).toBe(401);
    expect((await second.get('/api/session')).statusCode).toBe(200);
  });

  it('should still refuse a signed-in request without the CSRF token', async () => {
    const editor = await staffClient(t.app, 'editor');
    const response = await editor.delete('/api/session', { noCsrf: true });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'csrf' });
    // The refused sign-out changed nothing: the session still works.
    expect((await editor.get('/api/session')).statusCode).toBe(200);
  });
});
