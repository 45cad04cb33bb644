import {
  DEFAULT_PLAYER_CONFIG,
  type Role,
  type Session,
  type Stream,
  type StreamList,
} from '@ptd/contracts';

export const organisation: Session['organisation'] = {
  name: 'Demo Events',
  hash: 'DmoEv',
  securePackage: true,
  credentialRole: 'nanoAdmin',
};

export function sessionFor(role: Role, overrides: Partial<Session> = {}): Session {
  return {
    user: { id: `staff-${role}`, email: `${role}@example.com`, displayName: `Ada ${role}`, role },
    organisation,
    csrfToken: 'csrf-test-token',
    player: {
      ...DEFAULT_PLAYER_CONFIG,
      embedUrl: 'http://127.0.0.1:4000/nanoplayer/embed/1.3.3/nanoplayer.html',
    },
    upstream: 'embedded',
    // Read when the fixture is answered, so the SPA sees no clock difference unless a test sets one.
    serverTime: new Date().toISOString(),
    clientIpv4: null,
    sessionLimits: { idleMinutes: 30, absoluteHours: 12 },
    ...overrides,
  };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** A stream as the BFF lists it; a plain stream is its own group. */
export function streamFixture(overrides: Partial<Stream> & { name: string }): Stream {
  const id = overrides.id ?? `id-${overrides.name}`;
  return {
    id,
    groupId: id,
    state: 'created',
    tags: [],
    createdAt: daysAgo(1),
    abr: false,
    ingest: { rtmpUrl: 'rtmp://127.0.0.1:1935/live', streamName: overrides.name },
    playout: [{ id: `pl-${overrides.name}`, streamName: overrides.name, index: 0 }],
    ...overrides,
  };
}

const concertId = 'id-DmoEv-Cncrt';

/** Newest first, like the BFF: a live stream, an ABR group with a rendition, and more. */
export const sampleStreams = (): Stream[] => [
  streamFixture({
    name: 'DmoEv-Stage1',
    state: 'live',
    tags: ['sports', 'premium'],
    createdAt: daysAgo(1),
  }),
  streamFixture({
    name: 'DmoEv-Cncrt',
    id: concertId,
    state: 'live',
    tags: ['concert'],
    abr: true,
    createdAt: daysAgo(2),
    playout: [
      { id: 'pl-c0', streamName: 'DmoEv-Cncrt', index: 0 },
      { id: 'pl-c1', streamName: 'DmoEv-Cn480', index: 1, profile: 'vtrans2-852x480x800x25' },
    ],
  }),
  streamFixture({
    name: 'DmoEv-Cn480',
    groupId: concertId,
    state: 'live',
    tags: ['concert'],
    createdAt: daysAgo(2),
    playout: [
      { id: 'pl-c1', streamName: 'DmoEv-Cn480', index: 0, profile: 'vtrans2-852x480x800x25' },
    ],
  }),
  streamFixture({
    name: 'DmoEv-Stage2',
    state: 'created',
    tags: ['sports'],
    createdAt: daysAgo(3),
  }),
  streamFixture({ name: 'DmoEv-JazzN', state: 'ended', tags: ['concert'], createdAt: daysAgo(9) }),
];

export const streamPage = (
  items: Stream[],
  page = 1,
  pageSize = 25,
  total = items.length,
): StreamList => ({ items, page, pageSize, total });
