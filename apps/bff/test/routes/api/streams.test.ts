import type { Stream, StreamList } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { staffClient } from '../../helpers/client.ts';
import { useTestApp } from '../../helpers/fixture.ts';

const GROUP = 'a1000000-0000-4000-8000-000000000002';

const {
  t,
  clients: { viewer, editor },
} = useTestApp({ clients: { viewer: 'viewer', editor: 'editor' } });

const list = async (query: string) => {
  const response = await viewer.get(`/api/streams${query}`);
  expect(response.statusCode).toBe(200);
  return response.json<StreamList>();
};

describe('GET /api/streams', () => {
  it('should list the organisation streams newest first with paging facts', async () => {
    const page = await list('?pageSize=3');
    expect(page).toMatchObject({ page: 1, pageSize: 3, total: 12 });
    expect(page.items.map((s) => s.name)).toEqual(['DmEvt-CupFn', 'DmEvt-Cncrt', 'DmEvt-Cn480']);
    const page2 = await list('?pageSize=3&page=2');
    expect(page2.items[0]?.name).toBe('DmEvt-Cn360');
  });

  it('should map an ABR group parent with its renditions', async () => {
    const concert = (await list('?pageSize=3')).items[1] as Stream;
    expect(concert).toMatchObject({
      id: GROUP,
      groupId: GROUP,
      abr: true,
      state: 'live',
      tags: ['concert', 'premium'],
    });
    expect(concert.playout.map((p) => p.streamName)).toEqual([
      'DmEvt-Cncrt',
      'DmEvt-Cn480',
      'DmEvt-Cn360',
      'DmEvt-Cn240',
    ]);
    expect(concert.playout[1]).toMatchObject({ index: 1, profile: 'vtrans2-852x480x800x25' });
    expect(concert.ingest.streamName).toBe('DmEvt-Cncrt');
  });

  it('should filter by state and tag upstream', async () => {
    const ended = await list('?state=ended');
    expect(ended.items.map((s) => s.name)).toEqual(['DmEvt-JazzN', 'DmEvt-Drby1']);
    const sports = await list('?tag=sports&state=live');
    expect(sports.items.map((s) => s.name)).toEqual(['DmEvt-CupFn', 'DmEvt-Mrthn']);
  });

  it('should search names in the BFF (bintu has no search), case-insensitively, with paging', async () => {
    const search = await list('?search=cn&pageSize=2');
    expect(search.total).toBe(4);
    expect(search.items.map((s) => s.name)).toEqual(['DmEvt-Cncrt', 'DmEvt-Cn480']);
    const page2 = await list('?search=cn&pageSize=2&page=2');
    expect(page2.items.map((s) => s.name)).toEqual(['DmEvt-Cn360', 'DmEvt-Cn240']);
    expect((await list('?search=JAZZ')).items.map((s) => s.name)).toEqual(['DmEvt-JazzN']);
    expect((await list('?search=premium-nothing')).total).toBe(0);
  });

  it('should reject invalid queries with 400', async () => {
    expect((await viewer.get('/api/streams?state=deleted')).statusCode).toBe(400);
    expect((await viewer.get('/api/streams?pageSize=0')).statusCode).toBe(400);
    expect((await viewer.get('/api/streams?sort=name')).statusCode).toBe(400);
  });

  it('should require a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/streams' })).statusCode).toBe(401);
  });
});

describe('GET /api/streams/:id', () => {
  it('should answer one stream', async () => {
    const response = await viewer.get('/api/streams/a1000000-0000-4000-8000-000000000001');
    expect(response.statusCode).toBe(200);
    expect(response.json<Stream>()).toMatchObject({
      name: 'DmEvt-CupFn',
      abr: false,
      playout: [{ streamName: 'DmEvt-CupFn', index: 0 }],
    });
  });

  it('should answer 404 for an unknown stream or one of another organisation', async () => {
    const missing = await viewer.get('/api/streams/c1000000-0000-4000-8000-000000000001');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not-found' });
    expect((await viewer.get('/api/streams/b1000000-0000-4000-8000-000000000001')).statusCode).toBe(
      404,
    );
  });
});

describe('POST /api/streams', () => {
  it('should create a plain stream for an editor and audit it', async () => {
    const response = await editor.post('/api/streams', { tags: ['new'] });
    expect(response.statusCode).toBe(201);
    const stream = response.json<Stream>();
    expect(stream).toMatchObject({ state: 'created', tags: ['new'], abr: false });
    expect(stream.name).toMatch(/^DmEvt-\w{5}$/);
    expect((await viewer.get(`/api/streams/${stream.id}`)).statusCode).toBe(200);
    const audit = await t.app.repos.audit.list({ page: 1, pageSize: 1, action: 'stream.create' });
    expect(audit.items[0]).toMatchObject({
      subject: stream.id,
      actor: { id: editor.session?.user.id },
    });
  });

  it('should create an ABR group with renditions when abr is true', async () => {
    const response = await editor.post('/api/streams', { abr: true });
    expect(response.statusCode).toBe(201);
    const stream = response.json<Stream>();
    expect(stream.abr).toBe(true);
    expect(stream.groupId).toBe(stream.id);
    expect(stream.playout.map((p) => p.profile)).toEqual([
      undefined,
      'vtrans2-852x480x800x25',
      'vtrans2-640x360x500x25',
      'vtrans2-426x240x300x25',
    ]);
  });

  it('should let an admin create and refuse a viewer with 403', async () => {
    const admin = await staffClient(t.app, 'admin');
    expect((await admin.post('/api/streams', {})).statusCode).toBe(201);
    const refused = await viewer.post('/api/streams', {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
  });

  it('should validate the body with the contracts schema', async () => {
    const tooMany = await editor.post('/api/streams', {
      tags: Array.from({ length: 11 }, (_, i) => `t${i}`),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().issues[0]).toMatchObject({
      path: 'tags',
      message: expect.stringContaining('at most 10'),
    });
    expect((await editor.post('/api/streams', { name: 'mine' })).statusCode).toBe(400);
  });
});
