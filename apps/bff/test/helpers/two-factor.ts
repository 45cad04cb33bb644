import type { Session, TwoFactorEnrolment } from '@ptd/contracts';
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import type { TestClock } from './app.ts';
import type { Client } from './client.ts';

/** The code an authenticator app shows for `secret` at `atMs` (the same library, RFC 6238). */
export const totpCode = (secret: string, atMs: number) =>
  TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: atMs,
  });

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
  if (second.statusCode === 200) {
    client.session = second.json<Session>();
    client.csrf = client.session.csrfToken;
  }
  return second;
}
