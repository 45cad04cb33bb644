import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenRequest } from '../helpers/tokens.ts';
import { hashSessionSecret } from '../../src/services/sessions/secret.ts';
import { useTestApp } from '../helpers/fixture.ts';

let editorId: string;
let sid: string;

const {
  t,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });
beforeAll(async () => {
  editorId = editor.session?.user.id ?? '';
  const sealed = decodeURIComponent(editor.cookie?.split('=')[1] ?? '');
  sid = t.app.decodeSecureSession(sealed)?.get('sid') as string;
});

const CSRF = 'c'.repeat(43);

/**
 * A session cookie sealed with the app's own key, as only the app (or someone holding the key,
 * or an older release) could make it, naming the editor's live session unless told otherwise.
 */
function cookieFor(fields: Record<string, unknown>) {
  const session = t.app.createSecureSession({ sid, csrf: CSRF, ...fields });
  return `ptd_session=${encodeURIComponent(t.app.encodeSecureSession(session))}`;
}

const whoAmI = (cookie: string) =>
  t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });

function expectCleared(response: LightMyRequestResponse) {
  const cleared = response.cookies.find((c) => c.name === 'ptd_session');
  expect(cleared?.value).toBe('');
  expect(cleared?.expires?.getTime() ?? Infinity).toBeLessThanOrEqual(Date.now());
}

const setLastSeen = (at: number) =>
  t.app.db
    .updateTable('staff_session')
    .set({ last_seen_at: at })
    .where('secret_hash', '=', hashSessionSecret(sid))
    .execute();

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

  it('should refuse a cookie of an older release (a staff id and times, no session) and clear it', async () => {
    const now = t.clock.now();
    const cookie = cookieFor({ sid: undefined, staffId: editorId, createdAt: now, lastSeen: now });
    const response = await whoAmI(cookie);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'unauthenticated', message: 'Sign in to continue.' });
    expectCleared(response);
  });

  it('should refuse a session id the database does not know and clear the cookie', async () => {
    const response = await whoAmI(cookieFor({ sid: 'x'.repeat(43) }));
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toBe('Your session has ended. Sign in again.');
    expectCleared(response);
  });

  it('should allow a few seconds of clock difference between replicas', async () => {
    await setLastSeen(t.clock.now() + 30_000);
    const response = await whoAmI(cookieFor({}));
    expect(response.statusCode).toBe(200);
  });

  it('should end a session a replica recorded as seen more than a minute in the future', async () => {
    await setLastSeen(t.clock.now() + 2 * 60_000);
    const response = await whoAmI(cookieFor({}));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      code: 'unauthenticated',
      message: 'Your session has expired. Sign in again.',
    });
    expectCleared(response);
  });
});
