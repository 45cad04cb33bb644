import type { AuditList } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { hashSessionSecret } from '../../../../src/services/sessions/secret.ts';
import { createTestApp, PASSWORD } from '../../../helpers/app.ts';
import { Client, staffClient } from '../../../helpers/client.ts';
import { issueResetLink, linkToken, setPasswordWithLink } from '../../../helpers/credentials.ts';
import { useTestApp } from '../../../helpers/fixture.ts';

const CHOSEN = 'my new passphrase from the link';

const { t, emulator, clients } = useTestApp({ clients: { admin: 'admin' } });
// Signed in again, as a new admin, where a test lets its session go idle.
let { admin } = clients;

const lastAudit = async (action: string) =>
  (await admin.get(`/api/audit?action=${action}&pageSize=1`)).json<AuditList>().items[0];

/** The staff member's own browser: no session, just the link. */
const setPassword = (token: string, password = CHOSEN) =>
  setPasswordWithLink(t.app, token, password);

describe('POST /api/staff/:id/password-reset', () => {
  it('should answer a one-hour link with its secret in the fragment, store only its hash and log none of it', async () => {
    const member = await staffClient(t.app, 'editor');
    const id = member.session?.user.id ?? '';
    const before = t.clock.now();
    const { link, expiresAt } = await issueResetLink(admin, id);
    expect(link).toMatch(/^http:\/\/localhost(:\d+)?\/set-password#token=[\w-]{43}$/);
    const token = linkToken(link);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(60 * 60_000 - 1000);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(60 * 60_000 + 1000);
    const rows = await t.app.db
      .selectFrom('password_reset')
      .selectAll()
      .where('staff_id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secret_hash).toBe(hashSessionSecret(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(t.rawLogs()).not.toContain(token);
    const entry = await lastAudit('password.reset-link');
    expect(entry).toMatchObject({ subject: id, details: { email: member.session?.user.email } });
    expect(JSON.stringify(entry)).not.toContain(token);
  });

  it('should use PUBLIC_ORIGIN for the link when it is set', async () => {
    const behind = await createTestApp({
      upstreamUrl: emulator.url,
      env: { PUBLIC_ORIGIN: 'https://dashboard.example.com' },
    });
    try {
      const boss = await staffClient(behind.app, 'admin');
      const member = await staffClient(behind.app, 'viewer');
      const response = await boss.post(
        `/api/staff/${member.session?.user.id}/password-reset`,
        undefined,
        {
          headers: { origin: 'https://dashboard.example.com' },
        },
      );
      expect(response.json().link).toMatch(
        /^https:\/\/dashboard\.example\.com\/set-password#token=/,
      );
    } finally {
      await behind.close();
    }
  });

  it('should be for admins only, and not for their own account', async () => {
    const editor = await staffClient(t.app, 'editor');
    const member = await staffClient(t.app, 'viewer');
    expect(
      (await editor.post(`/api/staff/${member.session?.user.id}/password-reset`)).statusCode,
    ).toBe(403);
    const own = await admin.post(`/api/staff/${admin.session?.user.id}/password-reset`);
    expect(own.statusCode).toBe(409);
    expect(own.json()).toMatchObject({ code: 'own-account' });
  });
});

describe('setting a password with the link', () => {
  it('should tell whose link it is, set the password once, end every session and audit it', async () => {
    const member = await staffClient(t.app, 'editor');
    const email = member.session?.user.email ?? '';
    const elsewhere = new Client(t.app);
    await elsewhere.signIn(email, PASSWORD);
    const token = linkToken((await issueResetLink(admin, member.session?.user.id ?? '')).link);

    const check = await new Client(t.app).post('/api/password-reset/check', { token });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ email, displayName: member.session?.user.displayName });

    const set = await setPassword(token);
    expect(set.statusCode).toBe(204);
    expect((await member.get('/api/session')).statusCode).toBe(401);
    expect((await elsewhere.get('/api/session')).statusCode).toBe(401);
    expect((await new Client(t.app).signIn(email, PASSWORD)).statusCode).toBe(401);
    expect((await new Client(t.app).signIn(email, CHOSEN)).statusCode).toBe(200);
    expect(await lastAudit('password.reset')).toMatchObject({
      actor: { email },
      details: { email, sessionsEnded: 2 },
    });
    expect(t.rawLogs()).not.toContain(token);
    expect(t.rawLogs()).not.toContain(CHOSEN);
  });

  it('should refuse a used link with a clear message and an audit entry, and change nothing', async () => {
    const member = await staffClient(t.app, 'viewer');
    const email = member.session?.user.email ?? '';
    const token = linkToken((await issueResetLink(admin, member.session?.user.id ?? '')).link);
    expect((await setPassword(token)).statusCode).toBe(204);
    const again = await setPassword(token, 'yet another passphrase here');
    expect(again.statusCode).toBe(410);
    expect(again.json()).toEqual({
      code: 'link-used',
      message:
        'This set-password link has been used already. Ask an admin for a new one if you need it.',
    });
    expect((await new Client(t.app).post('/api/password-reset/check', { token })).statusCode).toBe(
      410,
    );
    expect(await lastAudit('password.reset-failed')).toMatchObject({
      subject: member.session?.user.id,
      details: { reason: 'used' },
    });
    expect((await new Client(t.app).signIn(email, CHOSEN)).statusCode).toBe(200);
  });

  it('should refuse an expired link after an hour, with an audit entry', async () => {
    const member = await staffClient(t.app, 'viewer');
    const email = member.session?.user.email ?? '';
    const token = linkToken((await issueResetLink(admin, member.session?.user.id ?? '')).link);
    t.clock.advance(60 * 60_000 + 1000);
    const late = await setPassword(token);
    expect(late.statusCode).toBe(410);
    expect(late.json()).toMatchObject({ code: 'link-expired' });
    // The admin's session went idle meanwhile.
    admin = await staffClient(t.app, 'admin');
    expect(await lastAudit('password.reset-failed')).toMatchObject({
      details: { reason: 'expired', step: 'set' },
    });
    expect((await new Client(t.app).signIn(email, PASSWORD)).statusCode).toBe(200);
  });

  it('should refuse an unknown link, and an earlier link once a newer one is issued', async () => {
    expect((await setPassword('not-a-real-token-at-all')).statusCode).toBe(404);
    const member = await staffClient(t.app, 'viewer');
    const id = member.session?.user.id ?? '';
    const older = linkToken((await issueResetLink(admin, id)).link);
    const newer = linkToken((await issueResetLink(admin, id)).link);
    expect((await setPassword(older)).json()).toMatchObject({ code: 'link-not-found' });
    expect((await setPassword(newer)).statusCode).toBe(204);
  });

  it('should stop working once the account is disabled, and stay so when it is enabled again', async () => {
    const member = await staffClient(t.app, 'editor');
    const id = member.session?.user.id ?? '';
    const email = member.session?.user.email ?? '';
    const token = linkToken((await issueResetLink(admin, id)).link);
    // Disabled (say, as compromised) before whoever holds the link used it.
    expect((await admin.patch(`/api/staff/${id}`, { disabled: true })).statusCode).toBe(200);
    const check = await new Client(t.app).post('/api/password-reset/check', { token });
    expect(check.statusCode).toBe(404);
    expect(check.json()).not.toHaveProperty('email');
    expect((await setPassword(token)).json()).toMatchObject({ code: 'link-not-found' });
    expect((await admin.patch(`/api/staff/${id}`, { disabled: false })).statusCode).toBe(200);
    expect((await setPassword(token)).statusCode).toBe(404);
    expect((await new Client(t.app).signIn(email, CHOSEN)).statusCode).toBe(401);
    expect((await new Client(t.app).signIn(email, PASSWORD)).statusCode).toBe(200);
  });

  it('should refuse a weak password and leave the link usable', async () => {
    const member = await staffClient(t.app, 'viewer');
    const token = linkToken((await issueResetLink(admin, member.session?.user.id ?? '')).link);
    const weak = await setPassword(token, 'password1234');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().issues).toEqual([
      expect.objectContaining({ path: 'password', message: expect.stringMatching(/^Password: /) }),
    ]);
    expect((await setPassword(token)).statusCode).toBe(204);
  });

  it('should refuse a request from another site', async () => {
    const member = await staffClient(t.app, 'viewer');
    const token = linkToken((await issueResetLink(admin, member.session?.user.id ?? '')).link);
    const response = await new Client(t.app).post(
      '/api/password-reset',
      { token, password: CHOSEN },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(response.statusCode).toBe(403);
    expect((await setPassword(token)).statusCode).toBe(204);
  });
});
