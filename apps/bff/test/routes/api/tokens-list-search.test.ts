import type { Insights, TokenList } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../helpers/app.ts';
import { addStaff, Client, staffClient } from '../../helpers/client.ts';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp } from '../../helpers/fixture.ts';

/** The emulator's "Demo Events" ABR group: DmEvt-Cncrt and its renditions DmEvt-Cn480/360/240. */
const CONCERT_GROUP = 'a1000000-0000-4000-8000-000000000002';

let alice: Client;
let admin: Client;
const ids: Record<string, string> = {};

async function staffNamed(email: string, displayName: string) {
  await addStaff(t.app, 'editor', { email, displayName });
  const client = new Client(t.app);
  expect((await client.signIn(email, PASSWORD)).statusCode).toBe(200);
  return client;
}

const { t } = useTestApp();
beforeAll(async () => {
  alice = await staffNamed('alice.jones@example.com', 'Alice Jones');
  admin = await staffClient(t.app, 'admin');
  const make = async (
    name: string,
    client: Client,
    overrides: Parameters<typeof createToken>[1],
  ) => {
    ids[name] = (await createToken(client, overrides)).record.id;
    t.clock.advance(1000);
  };
  await make('lounge', alice, { tag: 'VIP-Lounge', user: 'Viewer-42' });
  await make('vip', admin, { tag: 'vip', user: 'carol@Example.com' });
  await make('press', alice, {
    target: { type: 'streams', streams: ['DmEvt-CupFn', 'DmEvt-Press'] },
    tag: 'Press',
  });
  await make('concert', admin, { target: { type: 'group', groupId: CONCERT_GROUP } });
  await make('everything', admin, { target: { type: 'organisation' } });
  t.clock.set(Date.now());
});

const list = async (query: string) => {
  const response = await alice.get(`/api/tokens${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TokenList>();
};
const names = (page: TokenList) =>
  page.items.map((item) => Object.keys(ids).find((k) => ids[k] === item.id));

describe('GET /api/tokens text filters', () => {
  it('should find a tag by any part of it, whatever its case', async () => {
    expect(names(await list('?tag=vi'))).toEqual(['vip', 'lounge']);
    expect(names(await list('?tag=VIP'))).toEqual(['vip', 'lounge']);
    expect(names(await list('?tag=p-lOUN'))).toEqual(['lounge']);
    expect(names(await list('?tag=press'))).toEqual(['press']);
    expect(await list('?tag=nothing-like-it')).toMatchObject({ total: 0, items: [] });
  });

  it('should take %, _ and \\ in a filter literally, and refuse a NUL naming the filter', async () => {
    expect(names(await list('?tag=%25'))).toEqual([]);
    expect(names(await list('?tag=v_p'))).toEqual([]);
    expect(names(await list('?user=%5C'))).toEqual([]);
    // PostgreSQL text cannot hold a NUL: no stored value has one, and no filter may carry one.
    for (const field of ['tag', 'user', 'stream', 'createdBy']) {
      const response = await alice.get(`/api/tokens?${field}=vi%00p`);
      expect(response.statusCode).toBe(400);
      expect(response.json<{ message: string }>().message).toContain(field);
    }
  });

  it('should find a user id by any part of it, whatever its case', async () => {
    expect(names(await list('?user=viewer'))).toEqual(['lounge']);
    expect(names(await list('?user=EXAMPLE.COM'))).toEqual(['vip']);
    expect(names(await list('?user=-4'))).toEqual(['lounge']);
  });

  it('should find a creator by part of the email or the name, or by id', async () => {
    expect(names(await list('?createdBy=ALICE'))).toEqual(['press', 'lounge']);
    expect(names(await list('?createdBy=jones'))).toEqual(['press', 'lounge']);
    expect(names(await list('?createdBy=alice.jones@example.com'))).toEqual(['press', 'lounge']);
    expect(names(await list(`?createdBy=${alice.session?.user.id}`))).toEqual(['press', 'lounge']);
    expect(names(await list('?createdBy=nobody-here'))).toEqual([]);
  });

  it('should find tokens naming a stream by part of its name, whatever its case, and say so', async () => {
    const page = await list('?stream=press');
    expect(names(page)).toEqual(['everything', 'press']);
    expect(page.items[1]?.match).toEqual({ type: 'stream', streams: ['DmEvt-Press'] });
  });

  it('should find group tokens that play a matching stream, with the group they play it in', async () => {
    // DmEvt-Cn480 is a rendition in the concert's ABR group: the group token plays it.
    const page = await list('?stream=cn480');
    expect(names(page)).toEqual(['everything', 'concert']);
    expect(page.items[1]?.match).toEqual({
      type: 'group',
      groupId: CONCERT_GROUP,
      groupName: 'DmEvt-Cncrt',
      streams: ['DmEvt-Cn480'],
    });
    expect(page.items[0]?.match).toEqual({ type: 'organisation' });
    expect(names(await list(`?stream=${CONCERT_GROUP}`))).toEqual(['everything', 'concert']);
  });

  it('should list organisation-wide tokens only for streams the organisation has', async () => {
    expect(names(await list('?stream=no-such-stream'))).toEqual([]);
    const cup = await list('?stream=CUPFN');
    expect(names(cup)).toEqual(['everything', 'press', 'vip', 'lounge']);
    expect(cup.total).toBe(4);
  });

  it('should combine a text filter with the others', async () => {
    expect(names(await list('?stream=cupfn&tag=VI'))).toEqual(['vip', 'lounge']);
    expect(names(await list('?stream=cupfn&tag=vi&createdBy=alice'))).toEqual(['lounge']);
    expect(names(await list('?tag=vi&status=revoked'))).toEqual([]);
    expect(names(await list('?tag=vi&status=never-delivered'))).toEqual([]);
  });
});

describe('GET /api/tokens by target type', () => {
  it('should list the tokens of any number of target types, alone or with the other filters', async () => {
    expect(names(await list('?targetType=organisation'))).toEqual(['everything']);
    expect(names(await list('?targetType=group'))).toEqual(['concert']);
    expect(names(await list('?targetType=streams'))).toEqual(['press', 'vip', 'lounge']);
    const wider = await list(`?targetType=${encodeURIComponent(' organisation, group,group')}`);
    expect(names(wider)).toEqual(['everything', 'concert']);
    expect(wider.total).toBe(2);
    // A stream's own tokens, without the group and organisation-wide tokens that play it.
    const own = await list('?stream=CUPFN&targetType=streams');
    expect(names(own)).toEqual(['press', 'vip', 'lounge']);
    expect(own.total).toBe(3);
    expect(names(await list('?stream=cn480&targetType=group'))).toEqual(['concert']);
    expect(names(await list('?targetType=streams&tag=vi&createdBy=alice'))).toEqual(['lounge']);
  });

  it('should refuse a target type it does not know with a 400 naming the field', async () => {
    const response = await alice.get('/api/tokens?targetType=streams,channel');
    expect(response.statusCode).toBe(400);
    expect(response.json().issues[0]).toMatchObject({
      path: 'targetType',
      message: 'Target type: streams, group or organisation, several separated by commas.',
    });
  });

  it('should list as many tokens as the event overview counts for each target it links to', async () => {
    const insights = (await alice.get('/api/insights')).json<Insights>();
    expect(insights.active.targets.length).toBeGreaterThan(0);
    for (const target of insights.active.targets) {
      // The filters of the overview's link for this target.
      const targetType = target.type === 'stream' ? 'streams' : target.type;
      const query = new URLSearchParams({ status: 'active', targetType });
      if (target.type !== 'organisation') query.set('stream', target.value);
      const page = await list(`?${query}`);
      expect(page.total, `${target.type} ${target.value}`).toBe(target.tokens);
    }
  });
});
