import type { TokenList, TokenRecord } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { staffClient, type Client } from '../../helpers/client.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const GROUP = 'a1000000-0000-4000-8000-000000000002';
const HOUR = 3600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

const ids: Record<string, string> = {};

// Long sessions: these tests move the clock by hours to age tokens, not sessions.
const {
  t,
  clients: { alice, bob, admin },
} = useTestApp({
  env: { SESSION_IDLE_MINUTES: '1440', SESSION_ABSOLUTE_HOURS: '720' },
  clients: {
    alice: { role: 'editor', email: 'alice@example.com' },
    bob: { role: 'editor', email: 'bob@example.com' },
    admin: 'admin',
  },
});
beforeAll(async () => {
  // Created in this order, a few ms apart, so createdAt sorts them.
  const make = async (
    name: string,
    client: Client,
    overrides: Parameters<typeof createToken>[1],
  ) => {
    ids[name] = (await createToken(client, overrides)).record.id;
    t.clock.advance(1000);
  };
  await make('short', alice, { expiresAt: inHours(1), tag: 'vip', user: 'u-1' });
  await make('scheduled', alice, { notBefore: inHours(2), expiresAt: inHours(5), tag: 'vip' });
  await make('group', bob, {
    target: { type: 'group', groupId: GROUP },
    expiresAt: inHours(48),
    user: 'u-2',
  });
  await make('revoked', bob, { revocable: true, expiresAt: inHours(20), tag: 'press' });
  await make('long', admin, {
    target: { type: 'streams', streams: ['DmEvt-CupFn', 'DmEvt-Press'] },
    expiresAt: inHours(24 * 30),
  });
  expect((await admin.post(`/api/tokens/${ids.revoked}/revoke`)).statusCode).toBe(200);
  t.clock.set(Date.now());
});

const list = async (client: Client, query: string) => {
  const response = await client.get(`/api/tokens${query}`);
  expect(response.statusCode).toBe(200);
  return response.json<TokenList>();
};
const names = (page: TokenList) =>
  page.items.map((item: TokenRecord) => Object.keys(ids).find((k) => ids[k] === item.id));

describe('GET /api/tokens', () => {
  it('should list newest first by default, for any signed-in role', async () => {
    const viewer = await staffClient(t.app, 'viewer');
    const page = await list(viewer, '');
    expect(page).toMatchObject({ pageSize: 25, total: 5, totalCapped: false, offset: 0 });
    expect(names(page)).toEqual(['long', 'revoked', 'group', 'scheduled', 'short']);
  });

  it('should refuse an anonymous caller', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/tokens' })).statusCode).toBe(401);
  });

  it('should page with the cursor of the previous answer', async () => {
    const page1 = await list(alice, '?pageSize=2');
    const page2 = await list(alice, `?pageSize=2&cursor=${page1.nextCursor}`);
    expect(page2).toMatchObject({ pageSize: 2, total: 5, offset: 2 });
    expect(names(page2)).toEqual(['group', 'scheduled']);
  });

  it('should compute the status from the times and filter by it', async () => {
    expect(names(await list(alice, '?status=active'))).toEqual(['long', 'group', 'short']);
    expect(names(await list(alice, '?status=scheduled'))).toEqual(['scheduled']);
    expect(names(await list(alice, '?status=revoked'))).toEqual(['revoked']);
    expect(names(await list(alice, '?status=expired'))).toEqual([]);
    t.clock.advance(90 * 60_000);
    try {
      // Someone signed in then: alice's session, seen in the future, would not survive the
      // clock going back.
      const later = await staffClient(t.app, 'viewer');
      expect(names(await list(later, '?status=expired'))).toEqual(['short']);
      const short = (await later.get(`/api/tokens/${ids.short}`)).json<TokenRecord>();
      expect(short.status).toBe('expired');
    } finally {
      t.clock.advance(-90 * 60_000);
    }
  });

  it('should filter by stream name (streams target) or group id (group target)', async () => {
    expect(names(await list(alice, '?stream=DmEvt-CupFn'))).toEqual([
      'long',
      'revoked',
      'scheduled',
      'short',
    ]);
    expect(names(await list(alice, '?stream=DmEvt-Press'))).toEqual(['long']);
    expect(names(await list(alice, `?stream=${GROUP}`))).toEqual(['group']);
  });

  it('should count, page, sort and combine filters within a stream', async () => {
    const page1 = await list(alice, '?stream=DmEvt-CupFn&pageSize=3');
    const page2 = await list(alice, `?stream=DmEvt-CupFn&pageSize=3&cursor=${page1.nextCursor}`);
    expect(page2).toMatchObject({ total: 4, offset: 3, pageSize: 3, nextCursor: null });
    expect(names(page2)).toEqual(['short']);
    expect(names(await list(alice, '?stream=DmEvt-CupFn&order=asc'))).toEqual([
      'short',
      'scheduled',
      'revoked',
      'long',
    ]);
    expect(names(await list(alice, '?stream=DmEvt-CupFn&sort=expiresAt&order=asc'))).toEqual([
      'short',
      'scheduled',
      'revoked',
      'long',
    ]);
    const active = await list(alice, '?stream=DmEvt-CupFn&status=active');
    expect(active.total).toBe(2);
    expect(names(active)).toEqual(['long', 'short']);
    const tagged = await list(alice, '?stream=DmEvt-CupFn&tag=vip&createdBy=alice@example.com');
    expect(tagged.total).toBe(2);
    expect(names(tagged)).toEqual(['scheduled', 'short']);
    expect(await list(alice, '?stream=DmEvt-Nobody')).toMatchObject({ total: 0, items: [] });
  });

  it('should filter by tag, user and creator (id or email)', async () => {
    expect(names(await list(alice, '?tag=vip'))).toEqual(['scheduled', 'short']);
    expect(names(await list(alice, '?user=u-2'))).toEqual(['group']);
    expect(names(await list(alice, '?createdBy=bob@example.com'))).toEqual(['revoked', 'group']);
    expect(names(await list(alice, `?createdBy=${alice.session?.user.id}`))).toEqual([
      'scheduled',
      'short',
    ]);
    expect(names(await list(alice, '?tag=vip&status=active'))).toEqual(['short']);
  });

  it('should sort by expiry or creation, ascending or descending', async () => {
    expect(names(await list(alice, '?sort=expiresAt&order=asc'))).toEqual([
      'short',
      'scheduled',
      'revoked',
      'group',
      'long',
    ]);
    expect(names(await list(alice, '?sort=expiresAt&order=desc'))).toEqual([
      'long',
      'group',
      'revoked',
      'scheduled',
      'short',
    ]);
    expect(names(await list(alice, '?sort=createdAt&order=asc'))).toEqual([
      'short',
      'scheduled',
      'group',
      'revoked',
      'long',
    ]);
  });

  it('should reject unknown or invalid query parameters with 400', async () => {
    const unknown = await alice.get('/api/tokens?colour=red');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0].path).toBe('colour');
    expect((await alice.get('/api/tokens?status=lost')).statusCode).toBe(400);
    expect((await alice.get('/api/tokens?pageSize=1000')).statusCode).toBe(400);
  });

  it('should show who revoked and when, and never a token', async () => {
    const record = (await alice.get(`/api/tokens/${ids.revoked}`)).json<TokenRecord>();
    expect(record).toMatchObject({
      status: 'revoked',
      revokedBy: { id: admin.session?.user.id },
      revocable: true,
    });
    expect(record.revokedAt).not.toBeNull();
    const raw = (await alice.get('/api/tokens')).body;
    expect(raw).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    expect(raw).not.toContain('encrypted');
  });
});

describe('GET /api/tokens/:id', () => {
  it('should answer one record', async () => {
    const response = await bob.get(`/api/tokens/${ids.group}`);
    expect(response.statusCode).toBe(200);
    expect(response.json<TokenRecord>()).toMatchObject({
      id: ids.group,
      target: { type: 'group', groupId: GROUP },
      user: 'u-2',
      createdBy: { email: 'bob@example.com' },
    });
  });

  it('should answer 404 for an unknown id', async () => {
    const response = await bob.get(`/api/tokens/${crypto.randomUUID()}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found' });
  });
});
