import type { Session, StaffSession } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../../helpers/app.ts';
import { Client, staffClient } from '../../helpers/client.ts';
import { useTestApp } from '../../helpers/fixture.ts';
import { auditEntries } from '../../helpers/audit.ts';

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const {
  t,
  clients: { admin },
} = useTestApp({ clients: { admin: 'seeded-admin' } });

/** Signs `email` in from a browser that sends `userAgent`. */
async function browser(email: string, userAgent: string) {
  const client = new Client(t.app);
  const response = await client.post(
    '/api/session',
    { email, password: PASSWORD },
    { headers: { 'user-agent': userAgent } },
  );
  expect(response.statusCode).toBe(200);
  client.adopt(response.json<Session>());
  return client;
}

const idOf = (client: Client) => client.session?.user.id ?? '';
const listOf = async (client: Client, url = '/api/sessions') => {
  const response = await client.get(url);
  expect(response.statusCode).toBe(200);
  return response.json<StaffSession[]>();
};
describe('your sessions', () => {
  it('should list browser and device, address and times, this session first', async () => {
    const desk = await staffClient(t.app, 'editor', 'lister@example.com');
    await browser('lister@example.com', FIREFOX);
    await browser('lister@example.com', IPHONE);
    const sessions = await listOf(desk);
    expect(sessions).toHaveLength(3);
    expect(sessions[0]).toMatchObject({ current: true, browser: 'lightMyRequest', os: null });
    // Then the others, most recently used first: the phone signed in last.
    expect(sessions[1]).toMatchObject({
      browser: 'Safari 17',
      os: 'iOS 17.5',
      device: 'mobile',
      userAgent: IPHONE,
      ip: '127.0.0.1',
      current: false,
    });
    expect(sessions[2]).toMatchObject({
      browser: 'Firefox 133',
      os: 'Windows 10',
      device: 'desktop',
      current: false,
    });
    const mine = sessions[0];
    const created = Date.parse(mine?.createdAt ?? '');
    expect(Date.parse(mine?.expiresAt ?? '') - created).toBe(12 * 3_600_000);
    expect(Date.parse(mine?.lastSeenAt ?? '')).toBeGreaterThanOrEqual(created);
  });

  it('should sign out one other session and keep this one', async () => {
    const here = await staffClient(t.app, 'viewer', 'one-other@example.com');
    const phone = await browser('one-other@example.com', IPHONE);
    const target = (await listOf(here)).find((s) => !s.current);
    const response = await here.delete(`/api/sessions/${target?.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.cookies).toEqual([]);
    expect((await phone.get('/api/session')).statusCode).toBe(401);
    expect((await here.get('/api/session')).statusCode).toBe(200);
    expect((await listOf(here)).map((s) => s.current)).toEqual([true]);
    const [entry] = await auditEntries(t.app.db, { subject: idOf(here), action: 'session.end' });
    expect(entry?.actor_id).toBe(idOf(here));
    expect(entry?.details).toEqual({
      email: 'one-other@example.com',
      session: target?.id,
      device: 'Safari 17 on iOS 17.5',
      address: '127.0.0.1',
      reason: 'ended-by-owner',
    });
  });

  it('should sign out all other sessions and keep this one', async () => {
    const here = await staffClient(t.app, 'editor', 'all-others@example.com');
    const others = [
      await browser('all-others@example.com', FIREFOX),
      await browser('all-others@example.com', IPHONE),
    ];
    const response = await here.post('/api/sessions/end-others');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ended: 2 });
    for (const other of others) expect((await other.get('/api/session')).statusCode).toBe(401);
    expect((await here.get('/api/session')).statusCode).toBe(200);
    const [entry] = await auditEntries(t.app.db, {
      subject: idOf(here),
      action: 'session.end-others',
    });
    expect(entry?.details).toMatchObject({
      sessionsEnded: 2,
      reason: 'ended-by-owner',
    });
  });

  it('should sign this session out when it is the one ended, and clear its cookie', async () => {
    const here = await staffClient(t.app, 'viewer');
    const [current] = await listOf(here);
    const response = await here.delete(`/api/sessions/${current?.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === 'ptd_session')?.value).toBe('');
    expect((await here.get('/api/session')).statusCode).toBe(401);
  });

  it('should not let a staff member end, or learn of, another person’s session', async () => {
    const victim = await staffClient(t.app, 'editor');
    const [theirs] = await listOf(victim);
    const mallory = await staffClient(t.app, 'editor');
    const refused = await mallory.delete(`/api/sessions/${theirs?.id}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toEqual({ code: 'not-found', message: 'The session was not found.' });
    expect((await mallory.get(`/api/staff/${idOf(victim)}/sessions`)).statusCode).toBe(403);
    const staffRoute = await mallory.delete(`/api/staff/${idOf(victim)}/sessions/${theirs?.id}`);
    expect(staffRoute.statusCode).toBe(403);
    expect((await mallory.post(`/api/staff/${idOf(victim)}/sessions/end-all`)).statusCode).toBe(
      403,
    );
    expect((await victim.get('/api/session')).statusCode).toBe(200);
  });

  it('should answer 404 for a session that has already ended', async () => {
    const here = await staffClient(t.app, 'viewer', 'ended-twice@example.com');
    const phone = await browser('ended-twice@example.com', IPHONE);
    const target = (await listOf(here)).find((s) => !s.current);
    expect((await here.delete(`/api/sessions/${target?.id}`)).statusCode).toBe(204);
    expect((await here.delete(`/api/sessions/${target?.id}`)).statusCode).toBe(404);
    expect((await phone.get('/api/session')).statusCode).toBe(401);
  });

  it('should refuse a malformed session id with 400 naming it', async () => {
    const here = await staffClient(t.app, 'viewer');
    const response = await here.delete('/api/sessions/not-a-session');
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([expect.objectContaining({ path: 'id' })]);
    const staffRoute = await admin.delete(`/api/staff/${idOf(here)}/sessions/nope`);
    expect(staffRoute.json().issues).toEqual([expect.objectContaining({ path: 'sessionId' })]);
  });

  it('should require the CSRF token to end sessions', async () => {
    const here = await staffClient(t.app, 'editor', 'csrf-sessions@example.com');
    const phone = await browser('csrf-sessions@example.com', IPHONE);
    const target = (await listOf(here)).find((s) => !s.current);
    const one = await here.delete(`/api/sessions/${target?.id}`, { noCsrf: true });
    const others = await here.post('/api/sessions/end-others', undefined, {
      headers: { 'x-csrf-token': 'not the token' },
    });
    const foreign = await here.post('/api/sessions/end-others', undefined, {
      headers: { origin: 'https://evil.example' },
    });
    for (const response of [one, others, foreign]) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'csrf' });
    }
    expect((await phone.get('/api/session')).statusCode).toBe(200);
  });

  it('should answer 401 to the session routes without a session', async () => {
    const nobody = new Client(t.app);
    expect((await nobody.get('/api/sessions')).statusCode).toBe(401);
    expect((await nobody.post('/api/sessions/end-others')).statusCode).toBe(401);
  });
});

describe('staff sessions (admins)', () => {
  it('should let an admin list a staff member’s sessions and end one', async () => {
    const member = await staffClient(t.app, 'editor', 'member-one@example.com');
    const phone = await browser('member-one@example.com', IPHONE);
    const url = `/api/staff/${idOf(member)}/sessions`;
    const sessions = await listOf(admin, url);
    expect(sessions.map((s) => s.browser)).toEqual(['Safari 17', 'lightMyRequest']);
    // None of them is the admin's own.
    expect(sessions.some((s) => s.current)).toBe(false);

    const response = await admin.delete(`${url}/${sessions[0]?.id}`);
    expect(response.statusCode).toBe(204);
    expect((await phone.get('/api/session')).statusCode).toBe(401);
    expect((await member.get('/api/session')).statusCode).toBe(200);
    expect((await admin.get('/api/session')).statusCode).toBe(200);
    const [entry] = await auditEntries(t.app.db, { subject: idOf(member), action: 'session.end' });
    expect(entry?.actor_id).toBe(idOf(admin));
    expect(entry?.details).toMatchObject({
      email: 'member-one@example.com',
      session: sessions[0]?.id,
      reason: 'ended-by-admin',
    });
  });

  it('should let an admin sign a staff member out everywhere', async () => {
    const member = await staffClient(t.app, 'viewer', 'member-all@example.com');
    const phone = await browser('member-all@example.com', IPHONE);
    const response = await admin.post(`/api/staff/${idOf(member)}/sessions/end-all`);
    expect(response.json()).toEqual({ ended: 2 });
    expect((await member.get('/api/session')).statusCode).toBe(401);
    expect((await phone.get('/api/session')).statusCode).toBe(401);
    expect(await listOf(admin, `/api/staff/${idOf(member)}/sessions`)).toEqual([]);
    const [entry] = await auditEntries(t.app.db, {
      subject: idOf(member),
      action: 'session.end-all',
    });
    expect(entry?.actor_id).toBe(idOf(admin));
    expect(entry?.details).toEqual({
      email: 'member-all@example.com',
      sessionsEnded: 2,
      reason: 'ended-by-admin',
    });
  });

  it('should not end a session through another staff member’s path', async () => {
    const owner = await staffClient(t.app, 'editor');
    const bystander = await staffClient(t.app, 'editor');
    const [theirs] = await listOf(owner);
    const response = await admin.delete(
      `/api/staff/${idOf(bystander)}/sessions/${theirs?.id ?? ''}`,
    );
    expect(response.statusCode).toBe(404);
    expect((await owner.get('/api/session')).statusCode).toBe(200);
  });

  it('should answer 404 for an unknown staff member', async () => {
    const unknown = '3f2c1a9e-8b7d-4e6f-a5c4-1d2e3f4a5b6c';
    expect((await admin.get(`/api/staff/${unknown}/sessions`)).statusCode).toBe(404);
    expect((await admin.post(`/api/staff/${unknown}/sessions/end-all`)).statusCode).toBe(404);
  });
});
