import { bintuStreamListSchema, bintuStreamSchema } from '@ptd/contracts';
import type { BintuStream, BintuStreamList } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { SEED } from '../src/index.ts';
import { A, B, apiKey, bintuToken, call, useTestEmulator } from './helpers.ts';

const emu = useTestEmulator();

const demoStreams = Object.values(SEED.streams).filter(
  (s) => s.orgId === SEED.organisations.demoEvents.id,
);
const list = async (query = '', headers: Record<string, string> = apiKey(A.apiKey)) => {
  const res = await call(emu, 'GET', `/stream${query}`, { headers });
  expect(res.status).toBe(200);
  return bintuStreamListSchema.parse(res.body);
};
const names = (page: BintuStreamList) => page.data.map((s) => s.ingest.rtmp.streamname);

describe('GET /stream', () => {
  it('should list the organisation streams newest first with default paging', async () => {
    const page = await list();
    expect(page).toMatchObject({ page: 1, quantity: 50, total: demoStreams.length });
    expect(page.total).toBe(12);
    const created = page.data.map((s) => s.created_at);
    expect(created).toEqual([...created].sort().reverse());
    expect(names(page).slice(0, 3)).toEqual(['DmEvt-CupFn', 'DmEvt-Cncrt', 'DmEvt-Cn480']);
    expect(page.data.every((s) => s.ingest.rtmp.streamname.startsWith('DmEvt-'))).toBe(true);
  });

  it('should page with quantity and page', async () => {
    const all = names(await list());
    const second = await list('?quantity=5&page=2');
    expect(second).toMatchObject({ page: 2, quantity: 5, total: 12 });
    expect(names(second)).toEqual(all.slice(5, 10));
    expect(names(await list('?quantity=5&page=3'))).toEqual(all.slice(10));
    expect((await list('?quantity=150')).data).toHaveLength(12);
  });

  it('should filter by state', async () => {
    const locked = await list('?state=locked');
    expect(names(locked)).toEqual([SEED.streams.vipLounge.name]);
    const live = await list('?state=live');
    expect(live.data.every((s) => s.state === 'live')).toBe(true);
    expect(live.total).toBe(7);
  });

  it('should keep only streams that carry every requested tag', async () => {
    const both = await list('?tags=sports,premium');
    expect(names(both)).toEqual([SEED.streams.cupFinal.name, SEED.streams.derbyDay.name]);
    const concert = await list('?tags=concert&state=live');
    expect(concert.total).toBe(4);
  });

  it.each([['?quantity=151'], ['?quantity=0'], ['?page=0'], ['?quantity=abc'], ['?state=deleted']])(
    'should answer 400 with the legacy envelope for %s',
    async (query) => {
      const res = await call(emu, 'GET', `/stream${query}`, { headers: apiKey(A.apiKey) });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: { code: 1004, message: expect.stringMatching(/^Wrong Data Type/) },
      });
    },
  );

  it('should let a read-only token read and refuse a missing credential with 401', async () => {
    expect((await list('', bintuToken(A.readonlyToken))).total).toBe(12);
    const res = await call(emu, 'GET', '/stream');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { message: 'User Credentials are not valid', code: 4002 } });
  });
});

describe('GET /stream/:id', () => {
  it('should return a plain stream whose streamgroup is its own id', async () => {
    const s = SEED.streams.cupFinal;
    const res = await call(emu, 'GET', `/stream/${s.id}`, { headers: apiKey(A.apiKey) });
    const stream = bintuStreamSchema.parse(res.body);
    expect(stream).toMatchObject({
      id: s.id,
      streamgroup: s.id,
      state: 'live',
      tags: ['sports', 'premium'],
    });
    expect(stream.ingest.rtmp).toEqual({ url: 'rtmp://127.0.0.1:1935/live', streamname: s.name });
    expect(stream.playout.h5live).toEqual([
      { id: s.id, index: 0, streamname: s.name, tags: ['sports', 'premium'] },
    ]);
    expect(stream.playout.web[0]?.url).toBe(
      `${emu.url}/nanoplayer/embed/1.3.3/nanoplayer.html?group.id=${s.id}`,
    );
  });

  it('should list every rendition of the ABR parent as an h5live entry', async () => {
    const res = await call(emu, 'GET', `/stream/${SEED.abrGroupId}`, { headers: apiKey(A.apiKey) });
    const stream = bintuStreamSchema.parse(res.body);
    expect(stream.streamgroup).toBe(SEED.abrGroupId);
    expect(stream.playout.h5live.map((e) => [e.index, e.streamname, e.profile])).toEqual([
      [0, 'DmEvt-Cncrt', undefined],
      [1, 'DmEvt-Cn480', 'vtrans2-852x480x800x25'],
      [2, 'DmEvt-Cn360', 'vtrans2-640x360x500x25'],
      [3, 'DmEvt-Cn240', 'vtrans2-426x240x300x25'],
    ]);
    const rendition = await call(emu, 'GET', `/stream/${SEED.streams.concert360.id}`, {
      headers: apiKey(A.apiKey),
    });
    expect(rendition.body).toMatchObject({ streamgroup: SEED.abrGroupId, type: 'transcode' });
  });

  it.each([
    ['an unknown id', 'nope'],
    ['another organisation', SEED.streams.newsDesk.id],
  ])('should answer 404 with the legacy envelope for %s', async (_label, id) => {
    const res = await call(emu, 'GET', `/stream/${id}`, { headers: apiKey(A.apiKey) });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { message: 'Stream not found', code: 3001 } });
  });
});

describe('POST /stream', () => {
  const create = (body: unknown, headers: Record<string, string> = apiKey(A.apiKey)) =>
    call(emu, 'POST', '/stream', { body, headers });

  it('should create a plain stream named ORGHASH-xxxxx that lists first', async () => {
    const res = await create({ tags: ['sports', 'new'] });
    expect(res.status).toBe(200);
    const stream = bintuStreamSchema.parse(res.body);
    expect(stream.ingest.rtmp.streamname).toMatch(/^DmEvt-[A-Za-z0-9]{5}$/);
    expect(stream).toMatchObject({
      streamgroup: stream.id,
      state: 'created',
      tags: ['sports', 'new'],
    });
    expect((await list('?tags=new')).data.map((s) => s.id)).toEqual([stream.id]);
    expect((await list('?quantity=1')).data[0]?.id).toBe(stream.id);
  });

  it('should create an ABR group: a parent plus one rendition per transcode', async () => {
    const res = await create(
      {
        tags: ['abr-test'],
        transcodes: [
          { profile: 'vtrans2-852x480x800x25', tags: ['480p'] },
          { profile: 'vtrans2-640x360x500x25' },
        ],
      },
      apiKey(B.apiKey),
    );
    const parent = bintuStreamSchema.parse(res.body) as BintuStream;
    expect(parent.streamgroup).toBe(parent.id);
    expect(parent.playout.h5live).toHaveLength(3);
    const group = await list('?tags=abr-test', apiKey(B.apiKey));
    expect(group.total).toBe(3);
    expect(group.data[0]?.id).toBe(parent.id);
    expect(group.data.every((s) => s.streamgroup === parent.id)).toBe(true);
    expect(group.data.every((s) => s.ingest.rtmp.streamname.startsWith('PrtMd-'))).toBe(true);
  });

  it('should refuse a read-only credential with 403 Access denied', async () => {
    const res = await create({}, bintuToken(A.readonlyToken));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { message: 'Access denied', code: 2001 } });
  });

  it('should refuse an invalid body with 400', async () => {
    const res = await create({ transcodes: [{ tags: [] }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 1004 } });
  });

  it('should forget runtime streams on restart and rebuild the seed identically', async () => {
    await create({ tags: ['ephemeral'] });
    const before = await list();
    await emu.restart();
    expect((await list('?tags=ephemeral')).total).toBe(0);
    const after = await list();
    expect(after.total).toBe(12);
    expect(after.data.map((s) => s.id)).toEqual(
      before.data
        .filter((s) => Object.values(SEED.streams).some((x) => x.id === s.id))
        .map((s) => s.id),
    );
  });
});
