import { SEED_ORGANISATIONS } from './organisations.ts';
import type { StreamRecord } from './types.ts';

const A = SEED_ORGANISATIONS.demoEvents.id;
const B = SEED_ORGANISATIONS.partnerMedia.id;
const C = SEED_ORGANISATIONS.starterOrg.id;

/** The ABR group of "Demo Events": its parent stream's id is the group id. */
export const SEED_ABR_GROUP_ID = 'a1000000-0000-4000-8000-000000000002';

type Fields = Omit<StreamRecord, 'streamgroup'> & { streamgroup?: string };
// A plain stream is its own group; only renditions name another stream's id.
const stream = (fields: Fields): StreamRecord => ({ streamgroup: fields.id, ...fields });

const concert = { orgId: A, state: 'live', tags: ['concert', 'premium'] } as const;
const concertAt = '2025-12-18T19:30:00.000Z';

/**
 * Deterministic demo streams, keyed for tests and docs. Distinct `createdAt` values fix the
 * newest-first order; an ABR group shares one timestamp and lists its parent first.
 */
export const SEED_STREAMS = {
  cupFinal: stream({
    id: 'a1000000-0000-4000-8000-000000000001',
    orgId: A,
    name: 'DmEvt-CupFn',
    state: 'live',
    tags: ['sports', 'premium'],
    createdAt: '2025-12-20T18:00:00.000Z',
  }),
  concertMain: stream({
    ...concert,
    id: SEED_ABR_GROUP_ID,
    name: 'DmEvt-Cncrt',
    createdAt: concertAt,
  }),
  concert480: stream({
    ...concert,
    id: 'a1000000-0000-4000-8000-000000000003',
    name: 'DmEvt-Cn480',
    createdAt: concertAt,
    streamgroup: SEED_ABR_GROUP_ID,
    profile: 'vtrans2-852x480x800x25',
  }),
  concert360: stream({
    ...concert,
    id: 'a1000000-0000-4000-8000-000000000004',
    name: 'DmEvt-Cn360',
    createdAt: concertAt,
    streamgroup: SEED_ABR_GROUP_ID,
    profile: 'vtrans2-640x360x500x25',
  }),
  concert240: stream({
    ...concert,
    id: 'a1000000-0000-4000-8000-000000000005',
    name: 'DmEvt-Cn240',
    createdAt: concertAt,
    streamgroup: SEED_ABR_GROUP_ID,
    profile: 'vtrans2-426x240x300x25',
  }),
  arenaPrep: stream({
    id: 'a1000000-0000-4000-8000-000000000006',
    orgId: A,
    name: 'DmEvt-ArPrp',
    state: 'created',
    tags: ['sports'],
    createdAt: '2025-12-15T09:00:00.000Z',
  }),
  jazzNight: stream({
    id: 'a1000000-0000-4000-8000-000000000007',
    orgId: A,
    name: 'DmEvt-JazzN',
    state: 'ended',
    tags: ['concert'],
    createdAt: '2025-12-10T20:00:00.000Z',
  }),
  derbyDay: stream({
    id: 'a1000000-0000-4000-8000-000000000008',
    orgId: A,
    name: 'DmEvt-Drby1',
    state: 'ended',
    tags: ['sports', 'premium'],
    createdAt: '2025-12-05T14:00:00.000Z',
  }),
  pressRoom: stream({
    id: 'a1000000-0000-4000-8000-000000000009',
    orgId: A,
    name: 'DmEvt-Press',
    state: 'live',
    tags: [],
    createdAt: '2025-11-28T10:00:00.000Z',
  }),
  vipLounge: stream({
    id: 'a1000000-0000-4000-8000-000000000010',
    orgId: A,
    name: 'DmEvt-VipLg',
    state: 'locked',
    tags: ['premium'],
    createdAt: '2025-11-20T21:00:00.000Z',
  }),
  backstage: stream({
    id: 'a1000000-0000-4000-8000-000000000011',
    orgId: A,
    name: 'DmEvt-Bkstg',
    state: 'created',
    tags: ['concert'],
    createdAt: '2025-11-12T16:00:00.000Z',
  }),
  marathon: stream({
    id: 'a1000000-0000-4000-8000-000000000012',
    orgId: A,
    name: 'DmEvt-Mrthn',
    state: 'live',
    tags: ['sports'],
    createdAt: '2025-11-01T07:00:00.000Z',
  }),
  newsDesk: stream({
    id: 'b1000000-0000-4000-8000-000000000001',
    orgId: B,
    name: 'PrtMd-NwsDk',
    state: 'live',
    tags: ['news'],
    createdAt: '2025-12-19T06:00:00.000Z',
  }),
  studioTwo: stream({
    id: 'b1000000-0000-4000-8000-000000000002',
    orgId: B,
    name: 'PrtMd-Std02',
    state: 'created',
    tags: [],
    createdAt: '2025-12-01T12:00:00.000Z',
  }),
  newsArchive: stream({
    id: 'b1000000-0000-4000-8000-000000000003',
    orgId: B,
    name: 'PrtMd-Archv',
    state: 'ended',
    tags: ['news'],
    createdAt: '2025-11-15T12:00:00.000Z',
  }),
  welcome: stream({
    id: 'c1000000-0000-4000-8000-000000000001',
    orgId: C,
    name: 'StrtO-Wlcm1',
    state: 'live',
    tags: [],
    createdAt: '2025-12-12T12:00:00.000Z',
  }),
  rehearsal: stream({
    id: 'c1000000-0000-4000-8000-000000000002',
    orgId: C,
    name: 'StrtO-Rhrsl',
    state: 'created',
    tags: [],
    createdAt: '2025-12-02T12:00:00.000Z',
  }),
} as const satisfies Record<string, StreamRecord>;
