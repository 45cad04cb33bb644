import type { Staff } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../../helpers/app.ts';
import { Client, staffClient } from '../../helpers/client.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  t,
  clients: { admin },
} = useTestApp({ clients: { admin: 'seeded-admin' } });

const newStaff = {
  email: 'New.Person@Example.com',
  displayName: 'New Person',
  role: 'editor',
  password: 'a long enough password',
};

describe('staff management', () => {
  it('should let an admin create an account that can then sign in', async () => {
    const response = await admin.post('/api/staff', newStaff);
    expect(response.statusCode).toBe(201);
    const created = response.json<Staff>();
    expect(created).toMatchObject({
      email: 'new.person@example.com',
      displayName: 'New Person',
      role: 'editor',
      disabled: false,
      lastSignInAt: null,
    });
    expect(JSON.stringify(created)).not.toMatch(/password|argon/i);
    const person = new Client(t.app);
    expect((await person.signIn('new.person@example.com', newStaff.password)).statusCode).toBe(200);
    const listed = (await admin.get('/api/staff')).json<Staff[]>();
    expect(listed.find((s) => s.id === created.id)?.lastSignInAt).not.toBeNull();
  });

  it('should refuse a duplicate email with 409 and a short password with 400', async () => {
    const duplicate = await admin.post('/api/staff', {
      ...newStaff,
      email: 'new.person@example.com',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'email-taken' });
    const short = await admin.post('/api/staff', {
      ...newStaff,
      email: 'short@example.com',
      password: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().issues[0]).toMatchObject({
      path: 'password',
      message: 'Initial password: at least 12 characters.',
    });
    const common = await admin.post('/api/staff', {
      ...newStaff,
      email: 'common@example.com',
      password: 'password1234',
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().issues[0]).toMatchObject({
      path: 'password',
      message: expect.stringMatching(/^Initial password: /),
    });
  });

  it('should list staff for admins only', async () => {
    const listed = await admin.get('/api/staff');
    expect(listed.statusCode).toBe(200);
    expect(listed.json<Staff[]>().map((s) => s.email)).toContain(ADMIN.email);
    for (const role of ['editor', 'viewer'] as const) {
      const other = await staffClient(t.app, role);
      expect((await other.get('/api/staff')).statusCode).toBe(403);
      expect(
        (await other.post('/api/staff', { ...newStaff, email: `${role}-made@example.com` }))
          .statusCode,
      ).toBe(403);
      expect(
        (await other.patch(`/api/staff/${other.session?.user.id}`, { role: 'admin' })).statusCode,
      ).toBe(403);
    }
  });

  it('should change a role with immediate effect: a lowered role signs the person out', async () => {
    const editor = await staffClient(t.app, 'editor');
    const id = editor.session?.user.id;
    const response = await admin.patch(`/api/staff/${id}`, { role: 'viewer' });
    expect(response.statusCode).toBe(200);
    expect(response.json<Staff>().role).toBe('viewer');
    expect((await editor.post('/api/streams', {})).statusCode).toBe(401);
    await editor.signIn(editor.session?.user.email ?? '', 'staff password 123');
    expect((await editor.post('/api/streams', {})).statusCode).toBe(403);
  });

  it('should disable an account, ending its session at once, and enable it again', async () => {
    const editor = await staffClient(t.app, 'editor', 'to-disable@example.com');
    const id = editor.session?.user.id;
    expect((await admin.patch(`/api/staff/${id}`, { disabled: true })).json<Staff>().disabled).toBe(
      true,
    );
    expect((await editor.get('/api/session')).statusCode).toBe(401);
    expect((await admin.patch(`/api/staff/${id}`, { disabled: false })).statusCode).toBe(200);
    expect(
      (await new Client(t.app).signIn('to-disable@example.com', 'staff password 123')).statusCode,
    ).toBe(200);
  });

  it('should refuse to disable or demote the last active admin', async () => {
    const selfId = admin.session?.user.id;
    const demote = await admin.patch(`/api/staff/${selfId}`, { role: 'editor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: 'last-admin' });
    expect((await admin.patch(`/api/staff/${selfId}`, { disabled: true })).statusCode).toBe(409);
    // With a second admin, stepping down is allowed.
    const second = await staffClient(t.app, 'admin');
    expect((await second.patch(`/api/staff/${selfId}`, { role: 'editor' })).statusCode).toBe(200);
    expect((await second.patch(`/api/staff/${selfId}`, { role: 'admin' })).statusCode).toBe(200);
    // Stepping down signed the first admin out; promoted again, they sign in afresh.
    expect((await admin.get('/api/session')).statusCode).toBe(401);
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).statusCode).toBe(200);
  });

  it('should refuse an empty change with 400 saying what may be changed', async () => {
    const response = await admin.patch(`/api/staff/${admin.session?.user.id}`, {});
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid-request',
      message: 'Nothing to change: send "role", "disabled" or both.',
    });
  });

  it('should refuse an email longer than 254 characters with 400 naming the field', async () => {
    const response = await admin.post('/api/staff', {
      ...newStaff,
      email: `${'a'.repeat(250)}@example.com`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      { path: 'email', message: 'Email: at most 254 characters.' },
    ]);
  });

  it('should answer 404 for an unknown account and 400 for unknown fields', async () => {
    const unknown = `/api/staff/${crypto.randomUUID()}`;
    expect((await admin.patch(unknown, { role: 'viewer' })).statusCode).toBe(404);
    expect(
      (await admin.patch(`/api/staff/${admin.session?.user.id}`, { email: 'x@example.com' }))
        .statusCode,
    ).toBe(400);
  });
});
