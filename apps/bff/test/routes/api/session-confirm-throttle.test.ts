import { describe, expect, it } from 'vitest';
import { addStaff, Client } from '../../helpers/client.ts';
import { PASSWORD } from '../../helpers/app.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const { t } = useTestApp({
  env: {
    SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS: '2',
    SIGN_IN_FREE_FAILURES_PER_ACCOUNT: '2',
  },
});

describe('POST /api/session/confirm and the sign-in throttle', () => {
  it('counts wrong passwords like failed sign-ins: after the free ones, a wait (429), the right password too', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    expect((await client.signIn(email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const wrong = await client.post('/api/session/confirm', { password: 'a wrong password' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ issues: [{ path: 'password' }] });
    }
    // The third failure is counted and asks for a wait from then on.
    expect(
      (await client.post('/api/session/confirm', { password: 'a wrong password' })).statusCode,
    ).toBe(401);
    const waiting = await client.post('/api/session/confirm', { password: PASSWORD });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json()).toMatchObject({ code: 'rate-limited' });
    expect(waiting.headers['retry-after']).toBeDefined();
    // The same counts as sign-in's: the account's sign-in from this address waits as well.
    const signIn = await new Client(t.app).signIn(email, PASSWORD);
    expect(signIn.statusCode).toBe(429);
    const throttled = await t.app.repos.audit.list({
      page: 1,
      pageSize: 10,
      action: 'session.reauthenticate-failed',
    });
    expect(throttled.items.map((item) => item.details)).toContainEqual(
      expect.objectContaining({ reason: 'throttled' }),
    );
  });
});

describe('one budget of password guesses for a session: the confirmation and the password change', () => {
  const change = (client: Client, currentPassword: string) =>
    client.post('/api/account/password', {
      currentPassword,
      newPassword: 'a fresh and quite long passphrase',
    });
  const lastFailure = async (action: 'password.change-failed' | 'session.reauthenticate-failed') =>
    (await t.app.repos.audit.list({ page: 1, pageSize: 1, action })).items[0];

  it('refuses the password change (429, the password not checked) once the confirmation has spent the budget', async () => {
    const email = await addStaff(t.app, 'editor');
    const client = new Client(t.app);
    expect((await client.signIn(email, PASSWORD)).statusCode).toBe(200);
    const hashBefore = (await t.app.repos.staff.byEmail(email))?.password_hash;
    for (let i = 0; i < 3; i += 1) {
      const wrong = await client.post('/api/session/confirm', { password: `wrong guess ${i}` });
      expect(wrong.statusCode).toBe(401);
    }
    const blocked = await change(client, PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'rate-limited' });
    expect(blocked.json().message).toMatch(/^Too many wrong passwords\. Try again in /);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect(await lastFailure('password.change-failed')).toMatchObject({
      details: { email, reason: 'throttled', session: expect.any(String) },
    });
    // Nothing changed: the right password was not checked.
    expect((await t.app.repos.staff.byEmail(email))?.password_hash).toBe(hashBefore);
  });

  it('refuses the confirmation (429) once the password change has spent the budget, and sign-in waits too', async () => {
    const email = await addStaff(t.app, 'editor');
    const client = new Client(t.app);
    expect((await client.signIn(email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      expect((await change(client, `wrong guess ${i}`)).statusCode).toBe(400);
    }
    expect(await lastFailure('password.change-failed')).toMatchObject({
      details: { email, reason: 'wrong-current-password', session: expect.any(String) },
    });
    const blocked = await client.post('/api/session/confirm', { password: PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().message).toMatch(/^Too many wrong passwords\. Try again in /);
    expect(await lastFailure('session.reauthenticate-failed')).toMatchObject({
      details: { email, reason: 'throttled' },
    });
    expect((await new Client(t.app).signIn(email, PASSWORD)).statusCode).toBe(429);
  });

  it('counts a browser with the account’s device cookie under the same key at both', async () => {
    const email = await addStaff(t.app, 'editor');
    const client = new Client(t.app);
    const signIn = await client.signIn(email, PASSWORD);
    const devices = signIn.cookies.filter((cookie) => cookie.name === 'ptd_device');
    // The device cookie goes where a password is checked: the password change included.
    expect(devices.map((cookie) => cookie.path).sort()).toEqual([
      '/api/account/password',
      '/api/session',
    ]);
    client.cookie = `${client.cookie}; ptd_device=${devices[0]?.value}`;
    const hashBefore = (await t.app.repos.staff.byEmail(email))?.password_hash;
    for (let i = 0; i < 3; i += 1) {
      const wrong = await client.post('/api/session/confirm', { password: `wrong guess ${i}` });
      expect(wrong.statusCode).toBe(401);
    }
    expect((await change(client, PASSWORD)).statusCode).toBe(429);
    expect((await t.app.repos.staff.byEmail(email))?.password_hash).toBe(hashBefore);
  });
});
