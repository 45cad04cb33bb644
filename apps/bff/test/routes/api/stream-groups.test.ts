import { SEED } from '@ptd/emulator';
import type { StreamGroups } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../helpers/fixture.ts';

const CONCERT = SEED.streams.concertMain.id;
const CUP_FINAL = SEED.streams.cupFinal.id;
const JAZZ = SEED.streams.jazzNight.id;
const MISSING = 'a1000000-0000-4000-8000-0000000000ff';

const {
  t,
  proxy: upstream,
  clients: { viewer },
} = useTestApp({ upstream: 'faulty', clients: { viewer: 'viewer' } });

const groups = async (ids: string[]) => {
  const response = await viewer.get(`/api/stream-groups?ids=${ids.join(',')}`);
  expect(response.statusCode).toBe(200);
  return response.json<StreamGroups>().items;
};

describe('GET /api/stream-groups', () => {
  it('should name each group by its head stream and list every stream it plays', async () => {
    expect(await groups([CONCERT, CUP_FINAL])).toEqual([
      {
        groupId: CONCERT,
        name: 'DmEvt-Cncrt',
        streams: ['DmEvt-Cncrt', 'DmEvt-Cn480', 'DmEvt-Cn360', 'DmEvt-Cn240'],
      },
      { groupId: CUP_FINAL, name: 'DmEvt-CupFn', streams: ['DmEvt-CupFn'] },
    ]);
  });

  it('should answer no name for a group bintu does not know or a group id bintu never issues', async () => {
    expect(await groups([MISSING, 'grp-main-hall'])).toEqual([
      { groupId: MISSING, name: null, streams: [] },
      { groupId: 'grp-main-hall', name: null, streams: [] },
    ]);
  });

  it('should answer from its cache while bintu fails, and not cache a failed lookup', async () => {
    await groups([CUP_FINAL]);
    upstream.fail(`/stream/${CUP_FINAL}`, 'status-500');
    upstream.fail(`/stream/${JAZZ}`, 'status-500');
    try {
      expect(await groups([CUP_FINAL, JAZZ])).toEqual([
        { groupId: CUP_FINAL, name: 'DmEvt-CupFn', streams: ['DmEvt-CupFn'] },
        { groupId: JAZZ, name: null, streams: [] },
      ]);
    } finally {
      upstream.heal();
    }
    expect((await groups([JAZZ]))[0]?.name).toBe('DmEvt-JazzN');
  });

  it('should refuse a malformed or oversized list, naming ids', async () => {
    const bad = await viewer.get('/api/stream-groups?ids=a%20b');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid-request' });
    expect(JSON.stringify(bad.json().issues)).toContain('ids');
    const many = Array.from({ length: 101 }, (_, i) => `g-${i}`).join(',');
    const tooMany = await viewer.get(`/api/stream-groups?ids=${many}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().message).toMatch(/^ids: at most 100/);
  });

  it('should answer 401 without a session', async () => {
    const response = await t.app.inject({ url: `/api/stream-groups?ids=${CONCERT}` });
    expect(response.statusCode).toBe(401);
  });
});
