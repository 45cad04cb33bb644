import type { AuditList, EnrolledSignIn, TwoFactorEnrolment } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../helpers/app.ts';
import { addStaff, Client, staffClient } from '../../../helpers/client.ts';
import {
  enrolDuringSignIn,
  enrolTwoFactor,
  signInWithCode,
  totpCode,
} from '../../../helpers/credentials.ts';
import { useTestApp, useTestUpstream } from '../../../helpers/fixture.ts';

const upstream = useTestUpstream();

describe('TWO_FACTOR_REQUIRED=admins', () => {
  const { t } = useTestApp({ upstream, env: { TWO_FACTOR_REQUIRED: 'admins' } });

  it('should lead an admin without two-factor to enrolment right after the password, with nothing else reachable', async () => {
    await addStaff(t.app, 'admin', { email: 'must-enrol@example.com' });
    const browser = new Client(t.app);
    const first = await browser.post('/api/session', {
      email: 'must-enrol@example.com',
      password: PASSWORD,
    });
    expect(first.json()).toMatchObject({ pending: 'enrol-two-factor' });
    expect((await browser.get('/api/session')).statusCode).toBe(401);
    expect((await browser.get('/api/staff')).statusCode).toBe(401);
    expect((await browser.post('/api/session/two-factor', { code: '123456' })).statusCode).toBe(
      401,
    );

    const enrolment = await browser.post('/api/session/enrolment');
    expect(enrolment.statusCode).toBe(200);
    const { secret } = enrolment.json<TwoFactorEnrolment>();
    const wrong = await browser.post('/api/session/enrolment/confirm', { code: '12345' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues).toEqual([expect.objectContaining({ path: 'code' })]);

    const done = await browser.post('/api/session/enrolment/confirm', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(done.statusCode).toBe(200);
    const body = done.json<EnrolledSignIn>();
    expect(body.recoveryCodes).toHaveLength(10);
    expect(body.session.user.email).toBe('must-enrol@example.com');
    browser.adopt(body.session);
    expect((await browser.get('/api/staff')).statusCode).toBe(200);

    // From now on the code is asked for.
    t.clock.advance(30_000);
    const next = await signInWithCode(
      new Client(t.app),
      'must-enrol@example.com',
      PASSWORD,
      totpCode(secret, t.clock.now()),
    );
    expect(next.statusCode).toBe(200);
  });

  it('should not ask an editor to enrol', async () => {
    await addStaff(t.app, 'editor', { email: 'free-editor@example.com' });
    const response = await new Client(t.app).signIn('free-editor@example.com', PASSWORD);
    expect(response.json()).toHaveProperty('csrfToken');
  });

  it('should end a session without two-factor once the requirement covers it (a promotion to admin)', async () => {
    const client = await staffClient(t.app, 'editor', 'promoted-2fa@example.com');
    await t.app.db
      .updateTable('staff')
      .set({ role: 'admin' })
      .where('email', '=', 'promoted-2fa@example.com')
      .execute();
    const response = await client.get('/api/session');
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toBe(
      'Two-factor sign-in is now required for your account. Sign in again to set it up.',
    );
    const ended = await t.app.db
      .selectFrom('staff_session as s')
      .innerJoin('staff', 'staff.id', 's.staff_id')
      .select('s.end_reason')
      .where('staff.email', '=', 'promoted-2fa@example.com')
      .executeTakeFirstOrThrow();
    expect(ended.end_reason).toBe('two-factor-required');
  });

  it('should refuse turning it on for nobody: the status says it is required', async () => {
    await addStaff(t.app, 'admin', { email: 'status-admin@example.com' });
    const browser = new Client(t.app);
    await browser.post('/api/session', { email: 'status-admin@example.com', password: PASSWORD });
    await enrolDuringSignIn(browser, t.clock);
    expect((await browser.get('/api/account/two-factor')).json()).toMatchObject({
      enabled: true,
      required: true,
    });
  });
});

describe('wrong codes are throttled like wrong passwords', () => {
  const { t } = useTestApp({
    upstream,
    env: {
      SIGN_IN_FREE_FAILURES_PER_ACCOUNT_AND_ADDRESS: '3',
      SIGN_IN_FREE_FAILURES_PER_ADDRESS: '100',
      SIGN_IN_FREE_FAILURES_PER_ACCOUNT: '100',
    },
  });

  it('should answer 429 without checking the code once the free failures are used, and audit it', async () => {
    const client = await staffClient(t.app, 'editor', 'guessed@example.com');
    const { secret } = await enrolTwoFactor(client, t.clock);
    const browser = new Client(t.app);
    await browser.post('/api/session', { email: 'guessed@example.com', password: PASSWORD });
    const good = totpCode(secret, t.clock.now());
    const wrong = good === '999999' ? '999998' : '999999';
    for (let i = 0; i < 3; i += 1) {
      expect((await browser.post('/api/session/two-factor', { code: wrong })).statusCode).toBe(401);
    }
    expect((await browser.post('/api/session/two-factor', { code: wrong })).statusCode).toBe(401);
    const waiting = await browser.post('/api/session/two-factor', { code: good });
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers['retry-after']).toBeDefined();
    expect(waiting.json().message).toMatch(/^Too many wrong codes\. Try again in/);
    const admin = await staffClient(t.app, 'admin');
    const audit = (
      await admin.get('/api/audit?action=session.two-factor-failed&pageSize=1')
    ).json<AuditList>();
    expect(audit.items[0]).toMatchObject({ details: { reason: 'throttled' } });
    // Once the wait is over the right code gets through.
    t.clock.advance(2000);
    const later = await browser.post('/api/session/two-factor', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(later.statusCode).toBe(200);
  });
});
