import type {
  EnrolledSignIn,
  PasswordResetLink,
  Session,
  TwoFactorEnrolment,
} from '@ptd/contracts';
import type { FastifyInstance } from 'fastify';
import { totpCode } from '@ptd/node-testing';
import { expect } from 'vitest';
import type { TestClock } from './app.ts';
import { Client } from './client.ts';

export { totpCode };

/** The base32 secret inside an otpauth:// URI. */
export const secretOf = (uri: string) => new URL(uri).searchParams.get('secret') ?? '';

/**
 * Turns two-factor on for a signed-in client (enrolment, first code) and moves the clock to the
 * next time step, so that the code used to confirm is not the one a test signs in with.
 */
export async function enrolTwoFactor(client: Client, clock: TestClock) {
  const started = await client.post('/api/account/two-factor/enrolment');
  expect(started.statusCode, started.body).toBe(200);
  const { secret } = started.json<TwoFactorEnrolment>();
  const confirmed = await client.post('/api/account/two-factor/confirm', {
    code: totpCode(secret, clock.now()),
  });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  clock.advance(30_000);
  return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/**
 * The enrolment step of a sign-in that requires two-factor (after the password): sets it up
 * with the app's first code; the client holds the session once the answer is 200.
 */
export async function enrolDuringSignIn(client: Client, clock: TestClock) {
  const started = await client.post('/api/session/enrolment');
  expect(started.statusCode, started.body).toBe(200);
  const { secret } = started.json<TwoFactorEnrolment>();
  const done = await client.post('/api/session/enrolment/confirm', {
    code: totpCode(secret, clock.now()),
  });
  if (done.statusCode === 200) client.adopt(done.json<EnrolledSignIn>().session);
  return { secret, done };
}

/** Signs in through the code step: the client holds a session afterwards. */
export async function signInWithCode(
  client: Client,
  email: string,
  password: string,
  code: string,
) {
  const first = await client.post('/api/session', { email, password });
  expect(first.json(), first.body).toMatchObject({ pending: 'two-factor' });
  const second = await client.post('/api/session/two-factor', { code });
  if (second.statusCode === 200) client.adopt(second.json<Session>());
  return second;
}

/** An admin makes a set-password link for a staff member (201 expected). */
export async function issueResetLink(admin: Client, memberId: string) {
  const response = await admin.post(`/api/staff/${memberId}/password-reset`);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<PasswordResetLink>();
}

/** The secret of a set-password link: it travels in the fragment, never to a server log. */
export const linkToken = (link: string) => new URL(link).hash.replace(/^#token=/, '');

/** The staff member's own browser using the link: no session, just the token. */
export const setPasswordWithLink = (app: FastifyInstance, token: string, password: string) =>
  new Client(app).post('/api/password-reset', { token, password });
