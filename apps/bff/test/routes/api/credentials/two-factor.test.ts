import type { AuditList, Session, TwoFactorEnrolment, TwoFactorStatus } from '@ptd/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../helpers/app.ts';
import { Client, staffClient } from '../../../helpers/client.ts';
import {
  enrolTwoFactor,
  secretOf,
  signInWithCode,
  totpCode,
} from '../../../helpers/credentials.ts';
import { useTestApp } from '../../../helpers/fixture.ts';

const { t } = useTestApp();

// Each test has an admin of its own, signed in when it starts: what one test does to its admin
// (two-factor, sessions) or how far it moves the clock never reaches the next. The clock is
// only ever moved forward, so that the newest audit entry of an action is always the test's own.
let admin: Client;
beforeEach(async () => {
  admin = await staffClient(t.app, 'admin');
});

const emailOf = (client: Client) => client.session?.user.email ?? '';

async function lastAudit(action: string) {
  const list = (await admin.get(`/api/audit?action=${action}&pageSize=1`)).json<AuditList>();
  return list.items[0];
}

describe('two-factor enrolment from the account menu', () => {
  it('should show a QR code, the secret as text and its otpauth URI, and stay off until confirmed', async () => {
    const client = await staffClient(t.app, 'editor');
    const response = await client.post('/api/account/two-factor/enrolment');
    expect(response.statusCode).toBe(200);
    const body = response.json<TwoFactorEnrolment>();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(secretOf(body.uri)).toBe(body.secret);
    expect(body.uri).toMatch(/^otpauth:\/\/totp\/Playback%20Tokens:/);
    expect(body.uri).toContain(encodeURIComponent(emailOf(client)));
    expect(body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(body.qrCode.split(',')[1] ?? '', 'base64').toString('utf8');
    expect(svg).toContain('<svg');
    const status = (await client.get('/api/account/two-factor')).json<TwoFactorStatus>();
    expect(status).toMatchObject({ enabled: false, recoveryCodesLeft: 0, required: false });
  });

  it('should refuse a wrong first code with a message under the field and an audit entry, and change nothing', async () => {
    const client = await staffClient(t.app, 'editor');
    const { secret } = (
      await client.post('/api/account/two-factor/enrolment')
    ).json<TwoFactorEnrolment>();
    const wrong = String((Number(totpCode(secret, t.clock.now())) + 1) % 1_000_000).padStart(
      6,
      '0',
    );
    const response = await client.post('/api/account/two-factor/confirm', { code: wrong });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid-code',
      issues: [{ path: 'code', message: expect.stringMatching(/^Code: /) }],
    });
    expect((await client.get('/api/account/two-factor')).json()).toMatchObject({ enabled: false });
    expect(await lastAudit('two-factor.enable-failed')).toMatchObject({
      subject: client.session?.user.id,
      details: { reason: 'wrong-code' },
    });
  });

  it('should turn on with the first code, answer 10 recovery codes once and keep the secret sealed', async () => {
    const client = await staffClient(t.app, 'viewer');
    const { secret, recoveryCodes } = await enrolTwoFactor(client, t.clock);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes)
      expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
    const status = (await client.get('/api/account/two-factor')).json<TwoFactorStatus>();
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    const row = await t.app.db
      .selectFrom('staff')
      .selectAll()
      .where('email', '=', emailOf(client))
      .executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(secret);
    expect(row.totp_pending_secret).toBeNull();
    const stored = await t.app.db
      .selectFrom('recovery_code')
      .select('code_hash')
      .where('staff_id', '=', row.id)
      .execute();
    expect(stored).toHaveLength(10);
    const plain = recoveryCodes.map((c) => c.replace(/-/g, ''));
    for (const { code_hash } of stored)
      for (const code of plain) expect(code_hash).not.toContain(code);
    // Setting it up again needs it turned off first.
    expect((await client.post('/api/account/two-factor/enrolment')).statusCode).toBe(409);
    expect(await lastAudit('two-factor.enable')).toMatchObject({ subject: row.id });
  });
});

describe('signing in with two-factor', () => {
  it('should ask for the code after the password and create no session until it is given', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = emailOf(client);
    const { secret } = await enrolTwoFactor(client, t.clock);

    const browser = new Client(t.app);
    const first = await browser.post('/api/session', { email, password: PASSWORD });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      pending: 'two-factor',
      email,
      expiresAt: expect.any(String),
    });
    expect(first.json()).not.toHaveProperty('csrfToken');
    const sessionsBefore = await t.app.db
      .selectFrom('staff_session as s')
      .innerJoin('staff', 'staff.id', 's.staff_id')
      .select('s.id')
      .where('staff.email', '=', email)
      .where('s.ended_at', 'is', null)
      .execute();
    // Only the session staffClient made; the password alone opened none.
    expect(sessionsBefore).toHaveLength(1);
    const who = await browser.get('/api/session');
    expect(who.statusCode).toBe(401);
    expect(who.json()).toMatchObject({ code: 'sign-in-pending' });
    expect((await browser.get('/api/tokens')).statusCode).toBe(401);
    expect((await browser.get('/api/session/pending')).json()).toMatchObject({
      pending: 'two-factor',
      email,
    });

    const second = await browser.post('/api/session/two-factor', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(second.statusCode).toBe(200);
    const session = second.json<Session>();
    expect(session.user.email).toBe(email);
    browser.adopt(session);
    expect((await browser.get('/api/session')).statusCode).toBe(200);
    expect(await lastAudit('session.sign-in')).toMatchObject({
      details: { secondFactor: 'totp' },
    });
  });

  it('should audit the end of the session a browser had when it signs in again up to the code step', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = emailOf(client);
    await enrolTwoFactor(client, t.clock);
    const [before] = await t.app.db
      .selectFrom('staff_session as s')
      .innerJoin('staff', 'staff.id', 's.staff_id')
      .select(['s.id', 'staff.id as staffId'])
      .where('staff.email', '=', email)
      .where('s.ended_at', 'is', null)
      .execute();

    // The same browser (its cookie) gives the password again and stops at the code.
    const first = await client.post('/api/session', { email, password: PASSWORD });
    expect(first.json()).toMatchObject({ pending: 'two-factor' });
    const row = await t.app.repos.sessions.byId(before?.id ?? '');
    expect(row).toMatchObject({ end_reason: 'signed-in-again' });
    expect(await lastAudit('session.end')).toMatchObject({
      actor: { id: before?.staffId },
      subject: before?.staffId,
      details: { email, session: before?.id, reason: 'signed-in-again' },
    });
  });

  it('should refuse a wrong code with an audit entry and keep the step open', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = emailOf(client);
    const { secret } = await enrolTwoFactor(client, t.clock);
    const browser = new Client(t.app);
    await browser.post('/api/session', { email, password: PASSWORD });
    const good = totpCode(secret, t.clock.now());
    const wrong = good === '000000' ? '000001' : '000000';
    const response = await browser.post('/api/session/two-factor', { code: wrong });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: 'invalid-code',
      message: expect.stringMatching(/code is wrong/),
    });
    expect(await lastAudit('session.two-factor-failed')).toMatchObject({
      subject: client.session?.user.id,
      details: { email, reason: 'wrong-code' },
    });
    expect((await browser.get('/api/session')).statusCode).toBe(401);
    expect((await browser.post('/api/session/two-factor', { code: good })).statusCode).toBe(200);
  });

  it('should refuse a code replayed within its window, and an earlier one after it', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = emailOf(client);
    const { secret } = await enrolTwoFactor(client, t.clock);
    const now = t.clock.now();
    const code = totpCode(secret, now);
    expect((await signInWithCode(new Client(t.app), email, PASSWORD, code)).statusCode).toBe(200);

    const replay = await signInWithCode(new Client(t.app), email, PASSWORD, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().message).toBe(
      'This code has been used already. Wait for the next code in your app.',
    );
    expect(await lastAudit('session.two-factor-failed')).toMatchObject({
      details: { reason: 'replayed' },
    });
    // The previous step's code is still within the window, but older than the one used.
    const earlier = totpCode(secret, now - 30_000);
    expect((await signInWithCode(new Client(t.app), email, PASSWORD, earlier)).statusCode).toBe(
      401,
    );
    t.clock.advance(30_000);
    const next = totpCode(secret, t.clock.now());
    expect((await signInWithCode(new Client(t.app), email, PASSWORD, next)).statusCode).toBe(200);
  });

  it('should accept each recovery code once, in any case and with or without dashes, and say which are wrong', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = emailOf(client);
    const { recoveryCodes } = await enrolTwoFactor(client, t.clock);
    const [first = '', second = ''] = recoveryCodes;
    const used = await signInWithCode(new Client(t.app), email, PASSWORD, first.toLowerCase());
    expect(used.statusCode).toBe(200);
    expect(await lastAudit('session.sign-in')).toMatchObject({
      details: { secondFactor: 'recovery-code', recoveryCodesLeft: 9 },
    });
    const again = await signInWithCode(new Client(t.app), email, PASSWORD, first);
    expect(again.statusCode).toBe(401);
    // Said as it is: not the authenticator app's advice to wait for the next code.
    expect(again.json().message).toBe(
      'This recovery code has been used already; each works once. Enter another of your recovery codes.',
    );
    expect(await lastAudit('session.two-factor-failed')).toMatchObject({
      details: { reason: 'used-recovery-code' },
    });
    // One that is none of the account's: said to be wrong, and nothing else.
    const wrong = await signInWithCode(new Client(t.app), email, PASSWORD, 'ABCD-EFGH-JKMN-PQRS');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe(
      'This recovery code is wrong. Check it against the recovery codes you saved.',
    );
    expect(await lastAudit('session.two-factor-failed')).toMatchObject({
      details: { reason: 'wrong-recovery-code' },
    });
    const plain = await signInWithCode(
      new Client(t.app),
      email,
      PASSWORD,
      second.replace(/-/g, ''),
    );
    expect(plain.statusCode).toBe(200);
    expect((await client.get('/api/account/two-factor')).json()).toMatchObject({
      recoveryCodesLeft: 8,
    });
  });

  it('should end the code step after five minutes: the password is needed again', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = emailOf(client);
    const { secret } = await enrolTwoFactor(client, t.clock);
    const browser = new Client(t.app);
    await browser.post('/api/session', { email, password: PASSWORD });
    t.clock.advance(5 * 60_000 + 1000);
    const late = await browser.post('/api/session/two-factor', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(late.statusCode).toBe(401);
    expect(late.json()).toMatchObject({ code: 'sign-in-expired' });
  });

  it('should not let the code step be skipped: the other steps and a signed-in route refuse it', async () => {
    const client = await staffClient(t.app, 'editor');
    const email = emailOf(client);
    await enrolTwoFactor(client, t.clock);
    const browser = new Client(t.app);
    await browser.post('/api/session', { email, password: PASSWORD });
    expect((await browser.post('/api/session/enrolment')).statusCode).toBe(401);
    expect(
      (await browser.post('/api/session/password', { newPassword: 'a quite different passphrase' }))
        .statusCode,
    ).toBe(401);
    expect((await browser.post('/api/account/two-factor/enrolment')).statusCode).toBe(401);
  });
});

describe('admin reset of two-factor', () => {
  it('should turn a staff member’s two-factor off, end their sessions and audit it', async () => {
    const member = await staffClient(t.app, 'editor');
    const email = emailOf(member);
    await enrolTwoFactor(member, t.clock);
    const id = member.session?.user.id ?? '';
    const viewer = await staffClient(t.app, 'viewer');
    expect((await viewer.post(`/api/staff/${id}/two-factor/reset`)).statusCode).toBe(403);

    const listed = (await admin.get('/api/staff')).json<
      Array<{ id: string; twoFactor: boolean }>
    >();
    expect(listed.find((s) => s.id === id)?.twoFactor).toBe(true);
    const response = await admin.post(`/api/staff/${id}/two-factor/reset`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ended: 1 });
    expect((await member.get('/api/session')).statusCode).toBe(401);
    const again = await new Client(t.app).signIn(email, PASSWORD);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toHaveProperty('csrfToken');
    expect(await lastAudit('two-factor.reset')).toMatchObject({
      subject: id,
      details: { email, wasOn: true, sessionsEnded: 1 },
    });
  });

  it('should refuse an admin resetting their own two-factor, which would skip the account menu', async () => {
    const id = admin.session?.user.id ?? '';
    const response = await admin.post(`/api/staff/${id}/two-factor/reset`);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'own-account' });
  });
});
