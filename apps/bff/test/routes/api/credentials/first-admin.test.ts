import type { AuditList, EnrolledSignIn, Session } from '@ptd/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/app.ts';
import { Client } from '../../../helpers/client.ts';
import { enrolDuringSignIn } from '../../../helpers/credentials.ts';
import { useTestUpstream } from '../../../helpers/fixture.ts';

const NEW_PASSWORD = 'my very own admin passphrase';

const { emulator } = useTestUpstream();

/** A first start: no ADMIN_*, so the first admin gets a generated password. */
const firstStart = (env: Record<string, string> = {}, keepDataDir = false) =>
  createTestApp({
    upstreamUrl: emulator.url,
    env: { ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, ...env },
    keepDataDir,
  });

describe('the first admin chooses their own password at first sign-in', () => {
  let t: TestApp;
  let generated: string;
  let email: string;
  beforeAll(async () => {
    t = await firstStart();
    generated = t.app.adminBootstrap.generatedPassword?.reveal() ?? '';
    email = t.app.adminBootstrap.email;
  });
  afterAll(() => t.close());

  it('should open only the new-password form with the generated password, once', async () => {
    const browser = new Client(t.app);
    const first = await browser.post('/api/session', { email, password: generated });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ pending: 'change-password', email });
    // Nothing else is reachable meanwhile.
    expect((await browser.get('/api/session')).json()).toMatchObject({ code: 'sign-in-pending' });
    expect((await browser.get('/api/staff')).statusCode).toBe(401);
    expect((await browser.post('/api/account/password', {})).statusCode).toBe(401);
    // A reload finds the step again.
    expect((await browser.get('/api/session/pending')).json()).toMatchObject({
      pending: 'change-password',
    });
    // The generated password has done its job: it opens nothing a second time.
    const second = await new Client(t.app).post('/api/session', { email, password: generated });
    expect(second.statusCode).toBe(401);
    expect(second.json()).toMatchObject({ code: 'invalid-credentials' });

    const weak = await browser.post('/api/session/password', { newPassword: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      code: 'invalid-request',
      issues: [{ path: 'newPassword', message: expect.stringMatching(/^New password: .*common/) }],
    });
    const short = await browser.post('/api/session/password', { newPassword: 'short' });
    expect(short.json().issues).toEqual([
      { path: 'newPassword', message: 'New password: at least 12 characters.' },
    ]);

    const changed = await browser.post('/api/session/password', { newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(200);
    const session = changed.json<Session>();
    expect(session.user.email).toBe(email);
    browser.adopt(session);
    expect((await browser.get('/api/staff')).statusCode).toBe(200);

    const audit = (await browser.get('/api/audit?action=password.change')).json<AuditList>();
    expect(audit.items[0]).toMatchObject({ details: { firstSignIn: true } });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
    // The new password is a normal one now.
    expect((await new Client(t.app).signIn(email, NEW_PASSWORD)).json()).toHaveProperty(
      'csrfToken',
    );
  });
});

describe('the first admin with TWO_FACTOR_REQUIRED=admins', () => {
  it('should go from the new password straight on to setting up two-factor', async () => {
    const t = await firstStart({ TWO_FACTOR_REQUIRED: 'admins' });
    try {
      const { email } = t.app.adminBootstrap;
      const browser = new Client(t.app);
      await browser.post('/api/session', {
        email,
        password: t.app.adminBootstrap.generatedPassword?.reveal(),
      });
      const changed = await browser.post('/api/session/password', { newPassword: NEW_PASSWORD });
      expect(changed.json()).toMatchObject({ pending: 'enrol-two-factor', email });
      expect((await browser.get('/api/staff')).statusCode).toBe(401);
      const { done } = await enrolDuringSignIn(browser, t.clock);
      expect(done.statusCode).toBe(200);
      expect(done.json<EnrolledSignIn>().session.user.role).toBe('admin');
    } finally {
      await t.close();
    }
  });
});

describe('ADMIN_PASSWORD, the way back in', () => {
  it('should clear the must-change flag and turn the admin’s two-factor off', async () => {
    const t = await firstStart({}, true);
    const { email } = t.app.adminBootstrap;
    await t.app.db
      .updateTable('staff')
      .set({ totp_secret: 'v1.x.y.z', totp_enabled_at: t.app.now() })
      .where('email', '=', email)
      .execute();
    await t.close();
    const back = await createTestApp({
      upstreamUrl: emulator.url,
      dataDir: t.dataDir,
      env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: NEW_PASSWORD },
    });
    try {
      const response = await new Client(back.app).signIn(email, NEW_PASSWORD);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveProperty('csrfToken');
      const audit = await back.app.repos.audit.list({
        page: 1,
        pageSize: 5,
        action: 'staff.update',
      });
      expect(audit.items[0]?.details).toMatchObject({ reset: true, twoFactorRemoved: true });
    } finally {
      await back.close();
    }
  });
});
