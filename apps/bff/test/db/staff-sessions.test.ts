import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Client, staffClient } from '../helpers/client.ts';
import { purgeBefore } from '../../src/services/sessions/purge.ts';
import { sessionLimits } from '../../src/services/sessions/limits.ts';
import { useTestApp } from '../helpers/fixture.ts';

const { t } = useTestApp();

/** The secret inside a client's session cookie, as only the server can read it. */
function secretOf(client: Client): string {
  const value = decodeURIComponent((client.cookie ?? '').split('=')[1] ?? '');
  return t.app.decodeSecureSession(value)?.get('sid') as string;
}

const recordOf = (client: Client) => {
  const hash = createHash('sha256').update(secretOf(client)).digest('base64url');
  return t.app.db
    .selectFrom('staff_session')
    .selectAll()
    .where('secret_hash', '=', hash)
    .executeTakeFirstOrThrow();
};

describe('the session record', () => {
  it('should keep a hash of the cookie’s secret, never the secret itself', async () => {
    const client = await staffClient(t.app, 'viewer');
    const secret = secretOf(client);
    expect(secret).toMatch(/^[\w-]{43}$/);
    const record = await recordOf(client);
    expect(record).toMatchObject({
      staff_id: client.session?.user.id,
      ended_at: null,
      end_reason: null,
      ip: '127.0.0.1',
      user_agent: 'lightMyRequest',
    });
    const everything = JSON.stringify(
      await t.app.db.selectFrom('staff_session').selectAll().execute(),
    );
    expect(everything).not.toContain(secret);
    // The cookie names no staff member and no time: only the secret and the CSRF token.
    const cookie = t.app.decodeSecureSession(
      decodeURIComponent(client.cookie?.split('=')[1] ?? ''),
    );
    expect(Object.keys(cookie?.data() ?? {}).sort()).toEqual(['csrf', 'sid']);
  });

  it('should end the record with its reason when the person signs out', async () => {
    const client = await staffClient(t.app, 'editor');
    const before = await recordOf(client);
    await client.delete('/api/session');
    const after = await t.app.db
      .selectFrom('staff_session')
      .selectAll()
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ end_reason: 'signed-out', ended_by: client.session?.user.id });
    expect(Number(after.ended_at)).toBeGreaterThan(0);
  });

  it('should write last seen at most once a minute', async () => {
    const client = await staffClient(t.app, 'viewer');
    const first = Number((await recordOf(client)).last_seen_at);
    for (let i = 0; i < 5; i += 1) {
      t.clock.advance(10_000);
      await client.get('/api/session');
    }
    expect(Number((await recordOf(client)).last_seen_at)).toBe(first);
    t.clock.advance(15_000);
    await client.get('/api/session');
    const moved = Number((await recordOf(client)).last_seen_at);
    expect(moved).toBeGreaterThanOrEqual(first + 65_000);
    expect(moved).toBeLessThanOrEqual(t.clock.now());
  });

  it('should end an idle session on the record, and a later request cannot revive it', async () => {
    const client = await staffClient(t.app, 'viewer');
    const copy = new Client(t.app);
    copy.cookie = client.cookie;
    t.clock.advance(31 * 60_000);
    const refused = await client.get('/api/session');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toBe('Your session has expired. Sign in again.');
    expect(await recordOf(copy)).toMatchObject({ end_reason: 'idle' });
    const replayed = await copy.get('/api/session');
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().message).toBe('Your session has expired. Sign in again.');
  });

  it('should end a session at the absolute limit on the record, however active', async () => {
    const client = await staffClient(t.app, 'viewer');
    const copy = new Client(t.app);
    copy.cookie = client.cookie;
    for (let hour = 0; hour < 12; hour += 1) {
      t.clock.advance(29 * 60_000);
      expect((await client.get('/api/session')).statusCode).toBe(200);
      t.clock.advance(29 * 60_000);
      expect((await client.get('/api/session')).statusCode).toBe(200);
    }
    t.clock.advance(25 * 60_000);
    expect((await client.get('/api/session')).statusCode).toBe(401);
    expect(await recordOf(copy)).toMatchObject({ end_reason: 'expired' });
  });

  it('should purge records a week after their session ended, and keep live ones', async () => {
    const ended = await staffClient(t.app, 'viewer');
    const endedId = (await recordOf(ended)).id;
    await ended.delete('/api/session');
    const live = await staffClient(t.app, 'viewer');
    const limits = sessionLimits(t.config.session);
    const exists = async (id: string) =>
      (await t.app.db.selectFrom('staff_session').select('id').where('id', '=', id).execute())
        .length === 1;

    await t.app.repos.sessions.purge(purgeBefore(t.clock.now() + 6 * 24 * 3_600_000, limits));
    expect(await exists(endedId)).toBe(true);
    t.clock.advance(8 * 24 * 3_600_000);
    const liveId = (await recordOf(live)).id;
    // The live one is used now and then; the ended one is not.
    await t.app.db
      .updateTable('staff_session')
      .set({ last_seen_at: t.clock.now() })
      .where('id', '=', liveId)
      .execute();
    await t.app.repos.sessions.purge(purgeBefore(t.clock.now(), limits));
    expect(await exists(endedId)).toBe(false);
    expect(await exists(liveId)).toBe(true);
  });
});
