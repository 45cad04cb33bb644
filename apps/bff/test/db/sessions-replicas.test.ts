import { describe, expect, it } from 'vitest';
import { ADMIN, PASSWORD, testClock } from '../helpers/app.ts';
import { Client, staffClient } from '../helpers/client.ts';
import { useTestDataDir } from '../helpers/data-dirs.ts';
import { useTestApp, useTestUpstream } from '../helpers/fixture.ts';

// Two replicas on one database (and one DATA_DIR, so one session key), one clock.
const upstream = useTestUpstream();
const data = useTestDataDir('bff-test-');
const clock = testClock();
const replica = () => useTestApp({ upstream, dataDir: () => data.dir, keepDataDir: true, clock }).t;
const first = replica();
const second = replica();

/** The same browser, talking to the other replica. */
function onOther(client: Client) {
  const moved = new Client(second.app);
  moved.cookie = client.cookie;
  moved.csrf = client.csrf;
  return moved;
}

describe('replicas sharing one database', () => {
  it('should accept on one replica a session begun on the other', async () => {
    const client = await staffClient(first.app, 'editor');
    const response = await onOther(client).get('/api/session');
    expect(response.statusCode).toBe(200);
    expect(response.json().user.id).toBe(client.session?.user.id);
  });

  it('should refuse on one replica a session signed out on the other, at once', async () => {
    const client = await staffClient(first.app, 'viewer');
    const elsewhere = onOther(client);
    expect((await elsewhere.get('/api/session')).statusCode).toBe(200);
    await client.delete('/api/session');
    expect((await elsewhere.get('/api/session')).statusCode).toBe(401);
    expect((await elsewhere.get('/api/tokens')).statusCode).toBe(401);
  });

  it('should refuse everywhere the sessions an admin ended on one replica', async () => {
    const member = await staffClient(first.app, 'editor', 'replicated@example.com');
    const phone = new Client(second.app);
    await phone.signIn('replicated@example.com', PASSWORD);
    const admin = new Client(second.app);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const ended = await admin.post(`/api/staff/${member.session?.user.id}/sessions/end-all`);
    expect(ended.json()).toEqual({ ended: 2 });
    expect((await member.get('/api/session')).statusCode).toBe(401);
    expect((await onOther(member).get('/api/session')).statusCode).toBe(401);
    expect((await phone.get('/api/session')).statusCode).toBe(401);
  });
});
