import { describe, expect, it } from 'vitest';
import { ADMIN, createTestApp } from '../helpers/app.ts';
import { Client } from '../helpers/client.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { useTestApp } from '../helpers/fixture.ts';

const {
  t,
  emulator,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });

const OWN = 'http://localhost';

describe('CSRF protection on state-changing /api routes', () => {
  it('should refuse a request without the x-csrf-token header', async () => {
    const response = await editor.post('/api/tokens', tokenRequest(), { noCsrf: true });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'csrf' });
  });

  it('should refuse a wrong x-csrf-token', async () => {
    const response = await editor.post('/api/tokens', tokenRequest(), {
      headers: { 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'csrf' });
  });

  it('should refuse a foreign Origin even with the right token', async () => {
    const response = await editor.post('/api/tokens', tokenRequest(), {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'csrf' });
  });

  it('should refuse a foreign Referer when there is no Origin', async () => {
    const response = await editor.post('/api/tokens', tokenRequest(), {
      headers: { referer: 'https://evil.example/page' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('should refuse Origin: null (sandboxed frames, data: URLs)', async () => {
    const response = await editor.post('/api/tokens', tokenRequest(), {
      headers: { origin: 'null' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('should accept the own Origin with the right token', async () => {
    const response = await editor.post('/api/tokens', tokenRequest(), { headers: { origin: OWN } });
    expect(response.statusCode).toBe(201);
  });

  it('should accept a non-browser request (no Origin, no Referer) with the right token', async () => {
    expect((await editor.post('/api/tokens', tokenRequest())).statusCode).toBe(201);
  });

  it('should protect PATCH and DELETE too', async () => {
    const admin = new Client(t.app);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const staffId = editor.session?.user.id;
    expect(
      (await admin.patch(`/api/staff/${staffId}`, { role: 'viewer' }, { noCsrf: true })).statusCode,
    ).toBe(403);
    expect((await admin.delete('/api/session', { noCsrf: true })).statusCode).toBe(403);
    expect((await admin.get('/api/session')).statusCode).toBe(200);
  });

  it('should check only the Origin at sign-in (there is no session yet)', async () => {
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: 'https://evil.example' },
      payload: ADMIN,
    });
    expect(foreign.statusCode).toBe(403);
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: OWN },
      payload: ADMIN,
    });
    expect(own.statusCode).toBe(200);
  });

  it('should compare with PUBLIC_ORIGIN when it is set', async () => {
    const behindProxy = await createTestApp({
      upstreamUrl: emulator.url,
      env: { PUBLIC_ORIGIN: 'https://dashboard.example.com' },
    });
    try {
      const atHost = await behindProxy.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { origin: OWN },
        payload: ADMIN,
      });
      expect(atHost.statusCode).toBe(403);
      const atPublic = await behindProxy.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { origin: 'https://dashboard.example.com' },
        payload: ADMIN,
      });
      expect(atPublic.statusCode).toBe(200);
    } finally {
      await behindProxy.close();
    }
  });

  it('should answer 401 (not 403) to an unauthenticated state-changing request', async () => {
    const response = await new Client(t.app).post('/api/tokens', tokenRequest());
    expect(response.statusCode).toBe(401);
  });
});
