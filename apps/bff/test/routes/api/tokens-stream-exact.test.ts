import type {
  BulkRevocation,
  BulkRevocationPreview,
  Insights,
  TokenList,
  TokenTarget,
} from '@ptd/contracts';
import { SEED, type StreamRecord } from '@ptd/emulator';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../../helpers/tokens.ts';
import { useTestApp, useTestUpstream } from '../../helpers/fixture.ts';

/** Streams whose names start alike: "event-1" is part of "event-10" and "event-11". */
const event = (n: number): StreamRecord => {
  const id = `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    orgId: SEED.organisations.demoEvents.id,
    name: `event-${n}`,
    state: 'live',
    tags: [],
    createdAt: `2026-01-0${Math.min(n, 9)}T12:00:00.000Z`,
    streamgroup: id,
  };
};
const EVENTS = [event(1), event(10), event(11)] as const;
const [EVENT_1, EVENT_10] = EVENTS;

const upstream = useTestUpstream('emulator', { streams: EVENTS });
const {
  clients: { admin },
} = useTestApp({ upstream, clients: { admin: 'admin' } });

/** Each token's tag is its name here. */
const tagged = async (tag: string, target: TokenTarget) => {
  await createToken(admin, { tag, target, revocable: true });
};
beforeAll(async () => {
  for (const { name } of EVENTS) {
    await tagged(name, { type: 'streams', streams: [name] });
    await tagged(`${name}-again`, { type: 'streams', streams: [name] });
  }
  await tagged('group-of-event-1', { type: 'group', groupId: EVENT_1.streamgroup });
  await tagged('group-of-event-10', { type: 'group', groupId: EVENT_10.streamgroup });
  await tagged('everything', { type: 'organisation' });
});

const list = async (query: string) => {
  const response = await admin.get(`/api/tokens?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<TokenList>();
};
const tags = (page: TokenList) => page.items.map((item) => item.tag).sort();
const preview = async (query: string) => {
  const response = await admin.get(`/api/tokens/revocations/preview?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<BulkRevocationPreview>();
};
const EXACT = 'stream=event-1&streamMatch=exact';
const EVENT_1_TAGS = ['event-1', 'event-1-again'];

describe('the stream filter, exact (streamMatch=exact)', () => {
  it('should list only the tokens of that stream, not of the streams whose name holds it', async () => {
    const own = await list(`${EXACT}&targetType=streams&status=active`);
    expect(tags(own)).toEqual(EVENT_1_TAGS);
    expect(own.total).toBe(2);
    expect(own.items[0]?.match).toEqual({ type: 'stream', streams: ['event-1'] });
    expect(tags(await list(`${EXACT}&targetType=group`))).toEqual(['group-of-event-1']);
    // Without a target type: the tokens that play it, through its group or the organisation too.
    expect(tags(await list(EXACT))).toEqual([...EVENT_1_TAGS, 'everything', 'group-of-event-1']);
    // A stream name as it is: another case is another name.
    expect(tags(await list('stream=EVENT-1&streamMatch=exact'))).toEqual([]);
    expect(tags(await list('stream=event-&streamMatch=exact'))).toEqual([]);
  });

  it("should find a group's tokens by its exact id, and a stream's by its id", async () => {
    const group = `stream=${EVENT_1.streamgroup}&streamMatch=exact&targetType=group`;
    expect(tags(await list(group))).toEqual(['group-of-event-1']);
    const byId = `stream=${EVENT_10.id}&streamMatch=exact&targetType=streams`;
    expect(tags(await list(byId))).toEqual(['event-10', 'event-10-again']);
  });

  it('should leave the partial match as it was', async () => {
    for (const query of ['stream=event-1', 'stream=event-1&streamMatch=partial']) {
      expect(tags(await list(`${query}&targetType=streams`))).toEqual(
        EVENTS.flatMap(({ name }) => [name, `${name}-again`]).sort(),
      );
      expect(tags(await list(`${query}&targetType=group`))).toEqual([
        'group-of-event-1',
        'group-of-event-10',
      ]);
    }
  });

  it('should list as many tokens as the event overview counts for each stream it links to', async () => {
    const insights = (await admin.get('/api/insights')).json<Insights>();
    const targets = insights.active.targets.filter((target) => target.type !== 'organisation');
    expect(targets.map((target) => target.value)).toContain('event-1');
    for (const target of targets) {
      const targetType = target.type === 'stream' ? 'streams' : 'group';
      const query = new URLSearchParams({
        stream: target.value,
        streamMatch: 'exact',
        targetType,
        status: 'active',
      });
      expect((await list(`${query}`)).total, `${target.type} ${target.value}`).toBe(target.tokens);
    }
  });

  it('should refuse a stream match it does not know with a 400 naming the field', async () => {
    const refused = [
      await admin.get('/api/tokens?stream=event-1&streamMatch=prefix'),
      await admin.get('/api/tokens/export.csv?stream=event-1&streamMatch=EXACT'),
      await admin.get('/api/tokens/revocations/preview?stream=event-1&streamMatch='),
      await admin.post('/api/tokens/revocations', {
        filter: { stream: 'event-1', streamMatch: 'starts-with' },
        expectedCount: 2,
      }),
    ];
    for (const response of refused) {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().issues[0]).toMatchObject({
        path: expect.stringContaining('streamMatch'),
        message: 'Stream match: exact or partial.',
      });
    }
  });

  it('should export only the matching tokens, and say "exact" in the file name', async () => {
    const response = await admin.get(`/api/tokens/export.csv?${EXACT}&targetType=streams`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(
      /filename="tokens-stream-event-1-exact-target-streams-/,
    );
    const rows = parse(response.body.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.Tag).sort()).toEqual(EVENT_1_TAGS);
    const partial = await admin.get('/api/tokens/export.csv?stream=event-1&targetType=streams');
    expect(parse(partial.body.slice(1), { columns: true })).toHaveLength(6);
  });

  it('should count and revoke by filter only the tokens the exact filter lists', async () => {
    expect(await preview(`${EXACT}&targetType=streams&status=active`)).toMatchObject({
      count: 2,
      widerTargets: 0,
    });
    expect(await preview(EXACT)).toMatchObject({ count: 4, widerTargets: 2 });
    expect(await preview('stream=event-1&targetType=streams')).toMatchObject({ count: 6 });

    const filter = { stream: 'event-1', streamMatch: 'exact', targetType: 'streams' };
    const started = await admin.post('/api/tokens/revocations', { filter, expectedCount: 2 });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json<BulkRevocation>();
    expect(job).toMatchObject({ total: 2, filter });
    await vi.waitFor(
      async () => {
        const done = (await admin.get(`/api/tokens/revocations/${job.id}`)).json<BulkRevocation>();
        expect(done).toMatchObject({ state: 'done', revoked: 2 });
      },
      { timeout: 30_000, interval: 100 },
    );
    const revoked = await list('status=revoked');
    expect(tags(revoked)).toEqual(EVENT_1_TAGS);
    const left = await list('stream=event-1&status=active');
    expect(tags(left)).toEqual([
      'event-10',
      'event-10-again',
      'event-11',
      'event-11-again',
      'everything',
      'group-of-event-1',
      'group-of-event-10',
    ]);
  });
});
