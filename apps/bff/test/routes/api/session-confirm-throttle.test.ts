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
