import { describe, expect, it } from 'vitest';
import { ADMIN, createTestApp } from '../helpers/app.ts';
import { useTestApp } from '../helpers/fixture.ts';

const { t, emulator } = useTestApp();

/** Sign-in as a DNS-rebinding page would send it: Host and Origin both the attacker's name. */
const rebound = (app = t.app, name = 'evil.example:3000') =>
  app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { host: name, origin: `http://${name}` },
    payload: ADMIN,
  });

describe('the staff API under a host name that is not the dashboard’s', () => {
  it('should refuse a rebound sign-in that the CSRF check alone would let through', async () => {
    const response = await rebound();
    expect(response.statusCode).toBe(421);
    expect(response.json()).toEqual({
      code: 'wrong-host',
      message:
        'This dashboard does not answer for "evil.example". Open it at its own address; to ' +
        'serve it under a host name, set PUBLIC_ORIGIN to that address ' +
        '(e.g. https://dashboard.example.com).',
    });
    expect(response.headers['set-cookie']).toBeUndefined();
    // Reads too: a rebound page must not read the API either.
    const read = await t.app.inject({
      url: '/api/session/options',
      headers: { host: 'evil.example' },
    });
    expect(read.statusCode).toBe(421);
  });

  it('should answer for localhost, *.localhost and addresses', async () => {
    for (const host of [
      'localhost:3000',
      'app.localhost',
      '127.0.0.1:3000',
      '[::1]:3000',
      '10.0.0.5',
    ]) {
      const response = await rebound(t.app, host);
      expect(response.statusCode, host).toBe(200);
    }
  });

  it('should leave pages, health and the public viewer endpoint alone', async () => {
    const headers = { host: 'evil.example' };
    expect((await t.app.inject({ url: '/healthz', headers })).statusCode).toBe(200);
    const viewer = await t.app.inject({
      method: 'POST',
      url: '/playback-token',
      headers,
      payload: { policy: 'no-such-policy' },
    });
    expect(viewer.statusCode).toBe(404);
    expect(viewer.json().code).toBe('policy-not-found');
  });

  it('with PUBLIC_ORIGIN, should answer for its name and say where the dashboard is', async () => {
    const deployed = await createTestApp({
      upstreamUrl: emulator.url,
      env: { PUBLIC_ORIGIN: 'https://dashboard.example.com' },
    });
    try {
      const own = await deployed.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { host: 'Dashboard.Example.com', origin: 'https://dashboard.example.com' },
        payload: ADMIN,
      });
      expect(own.statusCode).toBe(200);
      const other = await rebound(deployed.app);
      expect(other.statusCode).toBe(421);
      expect(other.json().message).toBe(
        'This dashboard answers at https://dashboard.example.com, not at "evil.example".',
      );
    } finally {
      await deployed.close();
    }
  });
});
