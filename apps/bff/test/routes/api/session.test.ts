import type { Session } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, PASSWORD } from '../../helpers/app.ts';
import { Client, staffClient } from '../../helpers/client.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const { t, emulator } = useTestApp();

describe('POST /api/session (sign in)', () => {
  it('should sign in and answer the session with role, organisation, player and csrf token', async () => {
    const client = new Client(t.app);
    const response = await client.signIn(ADMIN.email, ADMIN.password);
    expect(response.statusCode).toBe(200);
    const body = response.json<Session>();
    expect(body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(body.organisation).toEqual({
      name: 'Demo Events',
      hash: 'DmEvt',
      securePackage: true,
      credentialRole: 'nanoAdmin',
    });
    expect(body.upstream).toBe('remote');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    expect(body.player.embedUrl).toContain('nanoplayer');
    // The limits "Your sessions" states, as configured (SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS).
    expect(body.sessionLimits).toEqual({
      idleMinutes: t.app.config.session.idleMinutes,
      absoluteHours: t.app.config.session.absoluteHours,
    });
  });

  it('should set an httpOnly, SameSite=Strict cookie on path / without Secure over plain HTTP', async () => {
    const response = await new Client(t.app).signIn(ADMIN.email, ADMIN.password);
    const cookie = response.cookies.find((c) => c.name === 'ptd_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
  });

  it('should mark the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await createTestApp({
      upstreamUrl: emulator.url,
      env: { TRUST_PROXY: 'true' },
    });
    try {
      const response = await proxied.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: ADMIN.email, password: ADMIN.password },
      });
      expect(response.statusCode).toBe(200);
      expect(response.cookies.find((c) => c.name === 'ptd_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('should give the browser a device cookie for the account at sign-in, and none on a failure', async () => {
    const response = await new Client(t.app).signIn(ADMIN.email, ADMIN.password);
    const device = response.cookies.find((c) => c.name === 'ptd_device');
    expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/session' });
    // The same cookie for the other place a password is checked: changing it.
    expect(
      response.cookies.filter((c) => c.name === 'ptd_device').map((c) => [c.path, c.value]),
    ).toEqual([
      ['/api/session', device?.value],
      ['/api/account/password', device?.value],
    ]);
    expect(device?.maxAge).toBe(180 * 24 * 3600);
    // It names no account and holds no secret: an id, an expiry and a signature.
    expect(device?.value).not.toContain(ADMIN.email);
    expect(device?.value).toMatch(/^[\w-]+\.\d+\.[\w-]+$/);
    const wrong = await new Client(t.app).signIn(ADMIN.email, 'wrong password!!');
    expect(wrong.cookies.find((c) => c.name === 'ptd_device')).toBeUndefined();
  });

  it('should use a __Host- cookie name when COOKIE_SECURE=true', async () => {
    const secure = await createTestApp({
      upstreamUrl: emulator.url,
      env: { COOKIE_SECURE: 'true' },
    });
    try {
      const response = await new Client(secure.app).signIn(ADMIN.email, ADMIN.password);
      const cookie = response.cookies.find((c) => c.name === '__Host-ptd_session');
      expect(cookie).toMatchObject({ secure: true, path: '/', httpOnly: true });
      const device = response.cookies.find((c) => c.name === '__Secure-ptd_device');
      expect(device).toMatchObject({ secure: true, path: '/api/session', httpOnly: true });
    } finally {
      await secure.close();
    }
  });

  it('should name a too-long password once, in the message and under the field', async () => {
    const response = await new Client(t.app).signIn(ADMIN.email, 'x'.repeat(1025));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'invalid-request',
      message: 'Password: at most 1024 characters.',
      issues: [{ path: 'password', message: 'Password: at most 1024 characters.' }],
    });
  });

  it('should answer the same 401 for an unknown email and a wrong password', async () => {
    const unknown = await new Client(t.app).signIn('nobody@example.com', 'whatever password');
    const wrong = await new Client(t.app).signIn(ADMIN.email, 'wrong password!!');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.json()).toMatchObject({ code: 'invalid-credentials' });
    expect(unknown.cookies).toHaveLength(0);
  });

  it('should refuse a disabled account with 403 account-disabled', async () => {
    const client = await staffClient(t.app, 'editor', 'disabled@example.com');
    await t.app.db
      .updateTable('staff')
      .set({ disabled: 1 })
      .where('email', '=', 'disabled@example.com')
      .execute();
    const response = await new Client(t.app).signIn('disabled@example.com', 'staff password 123');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'account-disabled' });
    // The existing session ends at once too.
    expect((await client.get('/api/session')).statusCode).toBe(401);
  });

  it('should reject a malformed body with 400 naming the field', async () => {
    const response = await new Client(t.app).post('/api/session', {
      email: 'not-an-email',
      password: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'email' })]),
    );
  });

  it('should reject an email longer than 254 characters with 400 naming the field', async () => {
    const response = await new Client(t.app).post('/api/session', {
      email: `${'a'.repeat(250)}@example.com`,
      password: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      { path: 'email', message: 'Email: at most 254 characters.' },
    ]);
  });

  it('should reject unknown fields', async () => {
    const response = await new Client(t.app).post('/api/session', { ...ADMIN, remember: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([expect.objectContaining({ path: 'remember' })]);
  });

  it('should regenerate the session at sign-in: a new csrf token and a new cookie each time', async () => {
    const client = new Client(t.app);
    await client.signIn(ADMIN.email, ADMIN.password);
    const first = { cookie: client.cookie, csrf: client.csrf };
    await client.signIn(ADMIN.email, ADMIN.password);
    expect(client.csrf).not.toBe(first.csrf);
    expect(client.cookie).not.toBe(first.cookie);
  });
});

describe('GET /api/session (who am I)', () => {
  it('should answer 401 unauthenticated without a session', async () => {
    const response = await new Client(t.app).get('/api/session');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'unauthenticated', message: expect.any(String) });
  });

  it('should answer the signed-in staff member and the same csrf token', async () => {
    const client = await staffClient(t.app, 'viewer');
    const response = await client.get('/api/session');
    expect(response.statusCode).toBe(200);
    expect(response.json<Session>().user.role).toBe('viewer');
    expect(response.json<Session>().csrfToken).toBe(client.csrf);
  });

  it('should reflect a role change on the very next request (the role is not trusted from the cookie)', async () => {
    const client = await staffClient(t.app, 'editor', 'promoted@example.com');
    await t.app.db
      .updateTable('staff')
      .set({ role: 'viewer' })
      .where('email', '=', 'promoted@example.com')
      .execute();
    expect((await client.get('/api/session')).json<Session>().user.role).toBe('viewer');
    const create = await client.post('/api/tokens', { target: { type: 'organisation' } });
    expect(create.statusCode).toBe(403);
  });

  it('should treat a tampered cookie as no session', async () => {
    const client = await staffClient(t.app, 'viewer');
    const [name, value] = (client.cookie ?? '').split('=');
    const flipped = (value?.[5] === 'A' ? 'B' : 'A') as string;
    const tampered = `${name}=${value?.slice(0, 5)}${flipped}${value?.slice(6)}`;
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: tampered },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('session expiry', () => {
  it('should end a session idle for longer than SESSION_IDLE_MINUTES', async () => {
    const client = await staffClient(t.app, 'viewer');
    t.clock.advance(29 * 60_000);
    expect((await client.get('/api/session')).statusCode).toBe(200);
    // Activity slides the idle window.
    t.clock.advance(29 * 60_000);
    expect((await client.get('/api/session')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const response = await client.get('/api/session');
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/expired/);
  });

  it('should sign in afresh while the browser still sends an expired session cookie', async () => {
    const client = await staffClient(t.app, 'viewer');
    const stale = client.cookie;
    t.clock.advance(31 * 60_000);
    // The sign-in form is posted before any other request has cleared the old cookie.
    const response = await client.signIn(client.session?.user.email ?? '', PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(stale);
    expect((await client.get('/api/session')).statusCode).toBe(200);
  });

  it('should end a session after SESSION_ABSOLUTE_HOURS even when active', async () => {
    const client = await staffClient(t.app, 'viewer');
    for (let i = 0; i < 24; i += 1) {
      t.clock.advance(29 * 60_000);
      expect((await client.get('/api/session')).statusCode).toBe(200);
    }
    t.clock.advance(29 * 60_000);
    expect((await client.get('/api/session')).statusCode).toBe(401);
  });
});

describe('DELETE /api/session (sign out)', () => {
  it('should sign out, clear the cookie and refuse the session afterwards', async () => {
    const client = await staffClient(t.app, 'viewer');
    const stolen = client.cookie;
    const response = await client.delete('/api/session');
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === 'ptd_session')?.value).toBe('');
    expect((await client.get('/api/session')).statusCode).toBe(401);
    expect(stolen).toBeDefined();
  });

  it('should answer 204 when nobody is signed in', async () => {
    expect((await new Client(t.app).delete('/api/session')).statusCode).toBe(204);
  });
});
