import type { AuditList } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD } from '../../../helpers/app.ts';
import { Client, staffClient } from '../../../helpers/client.ts';
import { useTestApp } from '../../../helpers/fixture.ts';

const NEW_PASSWORD = 'a fresh and quite long passphrase';

const {
  t,
  emulator,
  clients: { admin },
} = useTestApp({ clients: { admin: 'admin' } });

const lastAudit = async (action: string) =>
  (await admin.get(`/api/audit?action=${action}&pageSize=1`)).json<AuditList>().items[0];

const change = (client: Client, currentPassword: string, newPassword: string) =>
  client.post('/api/account/password', { currentPassword, newPassword });

describe('POST /api/account/password', () => {
  it('should change the password, sign every other session out, keep this one and audit it', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = client.session?.user.email ?? '';
    const other = new Client(t.app);
    await other.signIn(email, PASSWORD);

    const response = await change(client, PASSWORD, NEW_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ sessionsEnded: 1 });
    expect((await client.get('/api/session')).statusCode).toBe(200);
    expect((await other.get('/api/session')).statusCode).toBe(401);
    expect((await new Client(t.app).signIn(email, PASSWORD)).statusCode).toBe(401);
    expect((await new Client(t.app).signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
    const entry = await lastAudit('password.change');
    expect(entry).toMatchObject({
      subject: client.session?.user.id,
      details: { email, sessionsEnded: 1 },
    });
    expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
    expect(t.rawLogs()).not.toContain(NEW_PASSWORD);
  });

  it('should refuse a wrong current password under its field, audit it and change nothing', async () => {
    const client = await staffClient(t.app, 'viewer');
    const email = client.session?.user.email ?? '';
    const response = await change(client, 'not my password at all', NEW_PASSWORD);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'wrong-password',
      message: 'Current password: this is not your current password.',
      issues: [
        {
          path: 'currentPassword',
          message: 'Current password: this is not your current password.',
        },
      ],
    });
    expect(await lastAudit('password.change-failed')).toMatchObject({
      subject: client.session?.user.id,
      details: { email, reason: 'wrong-current-password' },
    });
    expect((await new Client(t.app).signIn(email, PASSWORD)).statusCode).toBe(200);
    expect((await client.get('/api/session')).statusCode).toBe(200);
  });

  it('should refuse a common or personal password, naming the field, and change nothing', async () => {
    const client = await staffClient(t.app, 'editor', 'ada.lovelace@example.com');
    for (const weak of ['password1234', 'iloveyou1234', 'ada.lovelace@example.com']) {
      const response = await change(client, PASSWORD, weak);
      expect(response.statusCode, weak).toBe(400);
      expect(response.json()).toMatchObject({
        code: 'invalid-request',
        issues: [{ path: 'newPassword', message: expect.stringMatching(/^New password: /) }],
      });
    }
    expect((await change(client, PASSWORD, 'password1234')).json().message).toBe(
      'New password: this is similar to a commonly used password. Add more words that are less common.',
    );
    expect((await new Client(t.app).signIn('ada.lovelace@example.com', PASSWORD)).statusCode).toBe(
      200,
    );
  });

  it('should refuse the current password as the new one, and one too short', async () => {
    const client = await staffClient(t.app, 'editor');
    expect((await change(client, PASSWORD, PASSWORD)).json().issues).toEqual([
      {
        path: 'newPassword',
        message: 'New password: choose a password other than your current one.',
      },
    ]);
    expect((await change(client, PASSWORD, 'short')).json().issues).toEqual([
      { path: 'newPassword', message: 'New password: at least 12 characters.' },
    ]);
  });

  it('should name the field of a current password longer than any password', async () => {
    const client = await staffClient(t.app, 'editor');
    const response = await change(client, 'x'.repeat(5000), NEW_PASSWORD);
    expect(response.statusCode).toBe(400);
    expect(response.json().issues).toEqual([
      { path: 'currentPassword', message: 'Current password: at most 1024 characters.' },
    ]);
  });

  it('should keep its CSRF protection and need a session', async () => {
    const client = await staffClient(t.app, 'editor');
    const noCsrf = await client.post(
      '/api/account/password',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      { noCsrf: true },
    );
    expect(noCsrf.statusCode).toBe(403);
    const signedOut = await change(new Client(t.app), PASSWORD, NEW_PASSWORD);
    expect(signedOut.statusCode).toBe(401);
  });
});

describe('guessing the current password from a session', () => {
  it('should be throttled with sign-in: 429 without a check after the free failures', async () => {
    const slow = await createTestApp({
      upstreamUrl: emulator.url,
      env: { SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS: '2' },
    });
    try {
      const client = await staffClient(slow.app, 'editor');
      const email = client.session?.user.email ?? '';
      const hashBefore = (await slow.app.repos.staff.byEmail(email))?.password_hash;
      for (let i = 0; i < 3; i += 1) {
        expect((await change(client, `wrong guess number ${i}`, NEW_PASSWORD)).statusCode).toBe(
          400,
        );
      }
      const blocked = await change(client, PASSWORD, NEW_PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().message).toMatch(/^Too many wrong passwords\./);
      // Nothing changed: the right password was not even checked.
      expect((await slow.app.repos.staff.byEmail(email))?.password_hash).toBe(hashBefore);
      // The same counts as sign-in's: the account's sign-in from this address waits as well.
      expect((await new Client(slow.app).signIn(email, PASSWORD)).statusCode).toBe(429);
    } finally {
      await slow.close();
    }
  });
});
