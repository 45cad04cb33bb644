import type { AuditEntry, BulkRevocation, PlaybackPolicy, Session } from '@ptd/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ADMIN } from '../../helpers/app.ts';
import { addStaff, Client, signInSeededAdmin } from '../../helpers/client.ts';
import { createToken } from '../../helpers/tokens.ts';
import { enrolTwoFactor, totpCode } from '../../helpers/credentials.ts';
import { useTestApp } from '../../helpers/fixture.ts';
import { createPolicy, policyInput } from '../../helpers/policies.ts';

const { t } = useTestApp();

const WINDOW_MS = 10 * 60_000;
let counter = 0;

interface Sensitive {
  name: string;
  method: 'POST' | 'PATCH' | 'PUT';
  /** The URL and body, made fresh for each attempt. */
  make(client: Client): Promise<{ url: string; body?: unknown }>;
  allowed: number;
  action: string;
  /** Waits for what the allowed answer started in the background, so the next test's audit
   * entries are its own. */
  settle?(client: Client, answer: { json<T>(): T }): Promise<void>;
}

const staffId = async () => {
  const email = await addStaff(t.app, 'editor');
  return (await t.app.repos.staff.byEmail(email))!.id;
};
const policyId = async (client: Client) => {
  counter += 1;
  return (await createPolicy(client, { name: `Reauth policy ${counter}` })).id;
};

const SENSITIVE: Sensitive[] = [
  {
    name: 'create staff',
    method: 'POST',
    make: async () => {
      counter += 1;
      return {
        url: '/api/staff',
        body: {
          email: `reauth${counter}@example.com`,
          displayName: `Reauth ${counter}`,
          role: 'admin',
          password: 'a long enough password',
        },
      };
    },
    allowed: 201,
    action: 'add staff',
  },
  {
    name: 'change a role',
    method: 'PATCH',
    make: async () => ({ url: `/api/staff/${await staffId()}`, body: { role: 'admin' } }),
    allowed: 200,
    action: 'change a staff member’s role or access',
  },
  {
    name: 'disable an account',
    method: 'PATCH',
    make: async () => ({ url: `/api/staff/${await staffId()}`, body: { disabled: true } }),
    allowed: 200,
    action: 'change a staff member’s role or access',
  },
  {
    name: 'make a set-password link',
    method: 'POST',
    make: async () => ({ url: `/api/staff/${await staffId()}/password-reset` }),
    allowed: 201,
    action: 'make a set-password link',
  },
  {
    name: 'turn off someone’s two-factor',
    method: 'POST',
    make: async () => ({ url: `/api/staff/${await staffId()}/two-factor/reset` }),
    allowed: 200,
    action: 'turn off a staff member’s two-factor sign-in',
  },
  {
    name: 'create a playback policy',
    method: 'POST',
    make: async () => {
      counter += 1;
      return { url: '/api/policies', body: policyInput({ name: `New policy ${counter}` }) };
    },
    allowed: 201,
    action: 'create a playback policy',
  },
  {
    name: 'change a playback policy (and its identity keys)',
    method: 'PUT',
    make: async (client) => ({
      url: `/api/policies/${await policyId(client)}`,
      body: policyInput({ name: 'Changed policy', allowedOrigins: ['evil.example.com'] }),
    }),
    allowed: 200,
    action: 'change a playback policy',
  },
  {
    name: 'disable a playback policy',
    method: 'POST',
    make: async (client) => ({ url: `/api/policies/${await policyId(client)}/disable` }),
    allowed: 200,
    action: 'disable a playback policy',
  },
  {
    name: 'enable a playback policy',
    method: 'POST',
    make: async (client) => ({ url: `/api/policies/${await policyId(client)}/enable` }),
    allowed: 200,
    action: 'enable a playback policy',
  },
  {
    name: 'revoke by filter',
    method: 'POST',
    make: async (client) => {
      counter += 1;
      const tag = `leak-${counter}`;
      await createToken(client, { revocable: true, tag, expiresIn: 3600 });
      return { url: '/api/tokens/revocations', body: { filter: { tag }, expectedCount: 1 } };
    },
    allowed: 202,
    action: 'revoke tokens by filter',
    // The job runs on after its 202 and audits its end.
    settle: async (client, answer) => {
      const { id } = answer.json<BulkRevocation>();
      await vi.waitFor(
        async () => {
          const job = (await client.get(`/api/tokens/revocations/${id}`)).json<BulkRevocation>();
          expect(job.state).toBe('done');
        },
        { timeout: 30_000, interval: 50 },
      );
    },
  },
  {
    name: 'set up your own two-factor sign-in',
    method: 'POST',
    make: async () => ({ url: '/api/account/two-factor/enrolment' }),
    allowed: 200,
    action: 'set up two-factor sign-in',
  },
];

const lastAudit = async (action: AuditEntry['action']) =>
  (await t.app.repos.audit.list({ page: 1, pageSize: 1, action })).items[0];

/** Audit entries made at or after `from` (a set-up's own entries are stamped before it). */
const auditedSince = async (from: number) =>
  (await t.app.repos.audit.list({ page: 1, pageSize: 1, from: new Date(from).toISOString() }))
    .total;

async function send(client: Client, route: Sensitive) {
  const { url, body } = await route.make(client);
  return client.request(route.method, url, body === undefined ? {} : { body });
}

describe('actions that want a recent proof of the person (REAUTH_MINUTES)', () => {
  it.each(SENSITIVE)('$name: allowed right after sign-in', async (route) => {
    const client = await signInSeededAdmin(new Client(t.app));
    const response = await send(client, route);
    expect(response.statusCode, response.body).toBe(route.allowed);
    await route.settle?.(client, response);
  });

  it.each(SENSITIVE)(
    '$name: refused 10 minutes after sign-in, with nothing done, then allowed after confirming',
    async (route) => {
      const client = await signInSeededAdmin(new Client(t.app));
      const { url, body } = await route.make(client);
      t.clock.advance(WINDOW_MS);
      const refusedAt = t.clock.now();
      const refused = await client.request(route.method, url, body === undefined ? {} : { body });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json()).toEqual({
        code: 'reauthentication-required',
        message: expect.stringContaining(
          `Confirm it’s you to ${route.action}: enter your password again.`,
        ),
        reauthentication: { action: route.action, method: 'password' },
      });
      expect(await auditedSince(refusedAt)).toBe(0);

      const confirmed = await client.post('/api/session/confirm', { password: ADMIN.password });
      expect(confirmed.statusCode, confirmed.body).toBe(204);
      const again = await client.request(route.method, url, body === undefined ? {} : { body });
      expect(again.statusCode, again.body).toBe(route.allowed);
      await route.settle?.(client, again);
    },
  );

  it('does not ask before creating a token or revoking one token', async () => {
    const client = await signInSeededAdmin(new Client(t.app));
    t.clock.advance(WINDOW_MS * 2);
    await client.get('/api/session');
    t.clock.advance(WINDOW_MS);
    const { record } = await createToken(client, { revocable: true, expiresIn: 3600 });
    const revoked = await client.post(`/api/tokens/${record.id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
  });

  it('keeps nothing of a refused staff creation', async () => {
    const client = await signInSeededAdmin(new Client(t.app));
    t.clock.advance(WINDOW_MS);
    const refused = await client.post('/api/staff', {
      email: 'never@example.com',
      displayName: 'Never',
      role: 'admin',
      password: 'a long enough password',
    });
    expect(refused.statusCode).toBe(403);
    expect(await t.app.repos.staff.byEmail('never@example.com')).toBeUndefined();
  });

  it('refuses a policy change without touching the policy', async () => {
    const client = await signInSeededAdmin(new Client(t.app));
    const policy = await createPolicy(client, { name: 'Kept as it was' });
    t.clock.advance(WINDOW_MS);
    const refused = await client.request('PUT', `/api/policies/${policy.id}`, {
      body: policyInput({ name: 'Taken over', allowedOrigins: ['evil.example.com'] }),
    });
    expect(refused.statusCode).toBe(403);
    const kept = (await client.get(`/api/policies/${policy.id}`)).json<PlaybackPolicy>();
    expect(kept).toMatchObject({ name: 'Kept as it was', allowedOrigins: policy.allowedOrigins });
  });
});

describe('GET /api/session: until when the proof is recent', () => {
  it('says proofValidUntil, REAUTH_MINUTES after the sign-in, then after a confirmation', async () => {
    const before = t.clock.now();
    const client = await signInSeededAdmin(new Client(t.app));
    const after = t.clock.now();
    const fresh = (await client.get('/api/session')).json<Session>();
    const until = Date.parse(fresh.proofValidUntil!);
    expect(until).toBeGreaterThanOrEqual(before + WINDOW_MS);
    expect(until).toBeLessThanOrEqual(after + WINDOW_MS);
    expect(Date.parse(fresh.serverTime)).toBeLessThan(Date.parse(fresh.proofValidUntil!));

    t.clock.advance(WINDOW_MS);
    const stale = (await client.get('/api/session')).json<Session>();
    // No longer recent: the server's own time has reached it.
    expect(Date.parse(stale.serverTime)).toBeGreaterThanOrEqual(Date.parse(stale.proofValidUntil!));
    expect((await send(client, SENSITIVE[0]!)).statusCode).toBe(403);

    const confirming = t.clock.now();
    await client.confirm();
    const confirmed = (await client.get('/api/session')).json<Session>();
    expect(Date.parse(confirmed.proofValidUntil!)).toBeGreaterThanOrEqual(confirming + WINDOW_MS);
    expect(Date.parse(confirmed.serverTime)).toBeLessThan(Date.parse(confirmed.proofValidUntil!));
  });
});

describe('POST /api/session/confirm', () => {
  it('refuses a wrong password naming the field, audited, and throttles repeated ones', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    await client.signIn(email, 'staff password 123');
    t.clock.advance(WINDOW_MS);
    const wrong = await client.post('/api/session/confirm', { password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({
      code: 'invalid-credentials',
      issues: [{ path: 'password' }],
    });
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      action: 'session.reauthenticate-failed',
      details: { reason: 'wrong-password' },
    });
    // Still refused: a wrong password proves nothing.
    expect((await send(client, SENSITIVE[0]!)).statusCode).toBe(403);
  });

  it('names a too-long password once, in the message and under the field', async () => {
    const client = await signInSeededAdmin(new Client(t.app));
    const response = await client.post('/api/session/confirm', { password: 'x'.repeat(1025) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'invalid-request',
      message: 'Password: at most 1024 characters.',
      issues: [{ path: 'password', message: 'Password: at most 1024 characters.' }],
    });
  });

  it('needs the CSRF token and a session', async () => {
    const client = await signInSeededAdmin(new Client(t.app));
    const noCsrf = await client.post(
      '/api/session/confirm',
      { password: ADMIN.password },
      { noCsrf: true },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'csrf' });
    const anonymous = await new Client(t.app).post('/api/session/confirm', {
      password: ADMIN.password,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('audits a confirmation as session.reauthenticate', async () => {
    const client = await signInSeededAdmin(new Client(t.app));
    t.clock.advance(WINDOW_MS);
    expect(
      (await client.post('/api/session/confirm', { password: ADMIN.password })).statusCode,
    ).toBe(204);
    expect(await lastAudit('session.reauthenticate')).toMatchObject({
      action: 'session.reauthenticate',
      actor: { email: ADMIN.email },
      details: { method: 'password', session: expect.any(String) },
    });
  });

  it('says a recovery code that is none of the account’s is wrong, and nothing else', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    await client.signIn(email, 'staff password 123');
    await enrolTwoFactor(client, t.clock);
    t.clock.advance(WINDOW_MS);
    const wrong = await client.post('/api/session/confirm', {
      password: 'staff password 123',
      code: 'ABCD-EFGH-JKMN-PQRS',
    });
    expect(wrong.statusCode).toBe(401);
    const message =
      'Code: this recovery code is wrong. Check it against the recovery codes you saved.';
    expect(wrong.json()).toEqual({
      code: 'invalid-code',
      message,
      issues: [{ path: 'code', message }],
    });
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { reason: 'wrong-recovery-code' },
    });
  });

  it('says a recovery code was used already, and to enter another', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    await client.signIn(email, 'staff password 123');
    const { recoveryCodes } = await enrolTwoFactor(client, t.clock);
    const [first = '', second = ''] = recoveryCodes;
    t.clock.advance(WINDOW_MS);
    const confirm = (code: string) =>
      client.post('/api/session/confirm', { password: 'staff password 123', code });
    expect((await confirm(first)).statusCode).toBe(204);
    t.clock.advance(WINDOW_MS);
    const again = await confirm(first);
    expect(again.statusCode).toBe(401);
    const message =
      'Code: this recovery code has been used already; each works once. Enter another of your recovery codes.';
    expect(again.json()).toEqual({
      code: 'invalid-code',
      message,
      issues: [{ path: 'code', message }],
    });
    expect(await lastAudit('session.reauthenticate-failed')).toMatchObject({
      details: { reason: 'used-recovery-code' },
    });
    expect((await confirm(second)).statusCode).toBe(204);
  });

  it('asks an account with two-factor for its code as well', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    await client.signIn(email, 'staff password 123');
    const { secret } = await enrolTwoFactor(client, t.clock);
    t.clock.advance(WINDOW_MS);
    const refused = await send(client, SENSITIVE[0]!);
    expect(refused.json()).toMatchObject({
      reauthentication: { method: 'password-and-code' },
    });
    const noCode = await client.post('/api/session/confirm', { password: 'staff password 123' });
    expect(noCode.statusCode).toBe(400);
    expect(noCode.json()).toMatchObject({ issues: [{ path: 'code' }] });
    const wrongCode = await client.post('/api/session/confirm', {
      password: 'staff password 123',
      code: '000000',
    });
    expect(wrongCode.statusCode).toBe(401);
    expect(wrongCode.json()).toMatchObject({ code: 'invalid-code', issues: [{ path: 'code' }] });
    const right = await client.post('/api/session/confirm', {
      password: 'staff password 123',
      code: totpCode(secret, t.clock.now()),
    });
    expect(right.statusCode, right.body).toBe(204);
    expect((await send(client, SENSITIVE[0]!)).statusCode).toBe(201);
  });
});

describe('POST /api/account/password', () => {
  it('counts as a fresh proof: a sensitive action right after it is allowed', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    await client.signIn(email, 'staff password 123');
    t.clock.advance(WINDOW_MS);
    expect((await send(client, SENSITIVE[0]!)).statusCode).toBe(403);
    const changed = await client.post('/api/account/password', {
      currentPassword: 'staff password 123',
      newPassword: 'a brand new passphrase 77',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await send(client, SENSITIVE[0]!)).statusCode).toBe(201);
  });

  it('proves nothing for an account with two-factor: the confirmation asks for its code too', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    await client.signIn(email, 'staff password 123');
    const { secret } = await enrolTwoFactor(client, t.clock);
    t.clock.advance(WINDOW_MS);
    const changed = await client.post('/api/account/password', {
      currentPassword: 'staff password 123',
      newPassword: 'a brand new passphrase 77',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    // The password alone would let whoever knows it (and holds the session) add an admin.
    const refused = await send(client, SENSITIVE[0]!);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ reauthentication: { method: 'password-and-code' } });
    const confirmed = await client.post('/api/session/confirm', {
      password: 'a brand new passphrase 77',
      code: totpCode(secret, t.clock.now()),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    expect((await send(client, SENSITIVE[0]!)).statusCode).toBe(201);
  });

  it('proves nothing with a wrong current password', async () => {
    const email = await addStaff(t.app, 'admin');
    const client = new Client(t.app);
    await client.signIn(email, 'staff password 123');
    t.clock.advance(WINDOW_MS);
    const wrong = await client.post('/api/account/password', {
      currentPassword: 'not the password',
      newPassword: 'a brand new passphrase 77',
    });
    expect(wrong.json()).toMatchObject({ code: 'wrong-password' });
    expect((await send(client, SENSITIVE[0]!)).statusCode).toBe(403);
  });
});
