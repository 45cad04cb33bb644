import type { AuditList } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../../helpers/app.ts';
import { staffClient } from '../../helpers/client.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const {
  t,
  clients: { admin },
} = useTestApp({ clients: { admin: 'seeded-admin' } });

const audit = async (query = '') => {
  const response = await admin.get(`/api/audit${query}`);
  expect(response.statusCode).toBe(200);
  return response.json<AuditList>();
};

describe('GET /api/audit', () => {
  it('should record sign-in, failed sign-in, token creation, revocation and sign-out with actor and IP', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: ADMIN.email, password: 'wrong password' },
      remoteAddress: '198.51.100.9',
    });
    const editor = await staffClient(t.app, 'editor', 'audited@example.com');
    const created = await createToken(editor, { revocable: true });
    await admin.post(`/api/tokens/${created.record.id}/revoke`);
    await editor.delete('/api/session');

    const entries = (await audit('?pageSize=100')).items;
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'session.sign-in',
        'session.sign-in-failed',
        'token.create',
        'token.revoke',
        'session.sign-out',
        'staff.create',
      ]),
    );
    const failed = entries.find((e) => e.action === 'session.sign-in-failed');
    expect(failed).toMatchObject({
      actor: null,
      ip: '198.51.100.9',
      details: { email: ADMIN.email, reason: 'invalid-credentials' },
    });
    const signOut = entries.find((e) => e.action === 'session.sign-out');
    expect(signOut).toMatchObject({ actor: { email: 'audited@example.com' }, ip: '127.0.0.1' });
    const serialised = JSON.stringify(entries);
    expect(serialised).not.toContain(created.token);
    expect(serialised).not.toContain('wrong password');
    expect(serialised).not.toContain('staff password');
  });

  it('should filter by action and by actor (id or email), newest first', async () => {
    const creations = await audit('?action=token.create');
    expect(creations.items.every((e) => e.action === 'token.create')).toBe(true);
    const byEmail = await audit('?actor=audited@example.com');
    expect(byEmail.total).toBeGreaterThanOrEqual(3);
    expect(byEmail.items.every((e) => e.actor?.email === 'audited@example.com')).toBe(true);
    const id = byEmail.items[0]?.actor?.id;
    expect((await audit(`?actor=${id}`)).total).toBe(byEmail.total);
    const times = byEmail.items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await audit('?pageSize=1&page=2')).items).toHaveLength(1);
  });

  it('should record staff creation and updates by the admin', async () => {
    const created = await admin.post('/api/staff', {
      email: 'hire@example.com',
      displayName: 'Hire',
      role: 'viewer',
      password: 'long password 12',
    });
    await admin.patch(`/api/staff/${created.json().id}`, { role: 'editor' });
    const updates = await audit('?action=staff.update');
    expect(updates.items[0]).toMatchObject({
      subject: created.json().id,
      actor: { email: ADMIN.email },
      details: { role: { from: 'viewer', to: 'editor' } },
    });
  });

  it('should be for admins only and reject unknown actions', async () => {
    for (const role of ['editor', 'viewer'] as const) {
      const other = await staffClient(t.app, role);
      expect((await other.get('/api/audit')).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    expect((await admin.get('/api/audit?action=token.explode')).statusCode).toBe(400);
  });
});
