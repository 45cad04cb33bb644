import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { staffClient } from '../helpers/client.ts';
import { tokenRequest } from '../helpers/tokens.ts';
import { startTestEmulator, type TestEmulator } from '../helpers/upstream.ts';

let emulator: TestEmulator;
let t: TestApp;
let editorId: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  t = await createTestApp({ upstreamUrl: emulator.url });
  editorId = (await staffClient(t.app, 'editor')).session?.user.id ?? '';
});
afterAll(async () => {
  await t.close();
  await emulator.close();
});

const CSRF = 'c'.repeat(43);

/**
 * A session cookie sealed with the app's own key, as only the app (or someone holding the key,
 * or an older release) could make it: the content is trusted as far as it goes.
 */
function cookieFor(fields: Record<string, unknown>) {
  const now = t.clock.now();
  const session = t.app.createSecureSession({
    staffId: editorId,
    createdAt: now,
    lastSeen: now,
    csrf: CSRF,
    ...fields,
  });
  return `ptd_session=${encodeURIComponent(t.app.encodeSecureSession(session))}`;
}

const whoAmI = (cookie: string) =>
  t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });

function expectCleared(response: LightMyRequestResponse) {
  const cleared = response.cookies.find((c) => c.name === 'ptd_session');
  expect(cleared?.value).toBe('');
  expect(cleared?.expires?.getTime() ?? Infinity).toBeLessThanOrEqual(Date.now());
}

describe('sessions the app would not have issued', () => {
  it('should accept a complete session (the cookies below are made the same way)', async () => {
    const response = await whoAmI(cookieFor({}));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { id: editorId }, csrfToken: CSRF });
  });

  it('should treat a session without a CSRF value as no session and clear the cookie', async () => {
    const cookie = cookieFor({ csrf: undefined });
    const response = await whoAmI(cookie);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'unauthenticated', message: 'Sign in to continue.' });
    expectCleared(response);
  });

  it('should not let a session without a CSRF value change anything', async () => {
    const before = await t.app.repos.ledger.list({ sort: 'createdAt', order: 'desc' }, 1);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: cookieFor({ csrf: undefined }) },
      payload: tokenRequest(),
    });
    expect(response.statusCode).toBe(401);
    const after = await t.app.repos.ledger.list({ sort: 'createdAt', order: 'desc' }, 1);
    expect(after.total).toBe(before.total);
  });

  it('should end a session last seen more than a minute in the future and clear the cookie', async () => {
    const response = await whoAmI(cookieFor({ lastSeen: t.clock.now() + 2 * 60_000 }));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      code: 'unauthenticated',
      message: 'Your session has expired. Sign in again.',
    });
    expectCleared(response);
  });

  it('should allow a few seconds of clock difference between replicas', async () => {
    const response = await whoAmI(cookieFor({ lastSeen: t.clock.now() + 30_000 }));
    expect(response.statusCode).toBe(200);
  });
});
