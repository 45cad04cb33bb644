import type { TwoFactorEnrolment } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../helpers/app.ts';
import { addStaff, Client, staffClient } from '../../../helpers/client.ts';
import { totpCode } from '../../../helpers/credentials.ts';
import { useTestApp } from '../../../helpers/fixture.ts';

/**
 * Answers that carry a credential shown once (a set-password link, a two-factor secret, recovery
 * codes) must not be kept by a browser or proxy cache, like a new playback token's.
 */
const noStore = (response: { headers: Record<string, unknown>; body: string }) =>
  expect(response.headers['cache-control'], response.body).toBe('no-store');

describe('answers that carry a credential', () => {
  const {
    t,
    clients: { admin },
  } = useTestApp({ clients: { admin: 'admin' } });

  it('should mark a set-password link no-store', async () => {
    const email = await addStaff(t.app, 'editor', { email: 'link-no-store@example.com' });
    const member = await t.app.repos.staff.byEmail(email);
    const response = await admin.post(`/api/staff/${member?.id}/password-reset`);
    expect(response.statusCode).toBe(201);
    noStore(response);
  });

  it('should mark the two-factor secret and the recovery codes no-store', async () => {
    const editor = await staffClient(t.app, 'editor', 'enrol-no-store@example.com');
    const started = await editor.post('/api/account/two-factor/enrolment');
    expect(started.statusCode).toBe(200);
    noStore(started);
    const { secret } = started.json<TwoFactorEnrolment>();
    const confirmed = await editor.post('/api/account/two-factor/confirm', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(confirmed.statusCode).toBe(200);
    noStore(confirmed);
  });
});

describe('answers that carry a credential, with TWO_FACTOR_REQUIRED=admins', () => {
  const { t } = useTestApp({ env: { TWO_FACTOR_REQUIRED: 'admins' } });

  it('should mark them no-store when two-factor is set up during sign-in', async () => {
    await addStaff(t.app, 'admin', { email: 'sign-in-enrol-no-store@example.com' });
    const browser = new Client(t.app);
    const first = await browser.post('/api/session', {
      email: 'sign-in-enrol-no-store@example.com',
      password: PASSWORD,
    });
    expect(first.json()).toMatchObject({ pending: 'enrol-two-factor' });
    const started = await browser.post('/api/session/enrolment');
    expect(started.statusCode).toBe(200);
    noStore(started);
    const { secret } = started.json<TwoFactorEnrolment>();
    const done = await browser.post('/api/session/enrolment/confirm', {
      code: totpCode(secret, t.clock.now()),
    });
    expect(done.statusCode).toBe(200);
    noStore(done);
  });
});
