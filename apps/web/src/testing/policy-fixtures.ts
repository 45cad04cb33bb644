import type { PlaybackPolicy } from '@ptd/contracts';

const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
const editor = { id: 'staff-editor', email: 'editor@example.com', displayName: 'Eddie Editor' };

/** A playback policy as the BFF answers it (never with the identity secret). */
export function policyFixture(overrides: Partial<PlaybackPolicy> = {}): PlaybackPolicy {
  return {
    id: 'pol-cup',
    name: 'Cup final on shop.example.com',
    target: { type: 'group', groupId: 'id-DmoEv-Stage1' },
    lifetimeMinutes: 30,
    bindIp: true,
    allowIpv6WithoutBinding: false,
    allowedOrigins: ['https://shop.example.com'],
    revocable: true,
    forceDisconnect: false,
    tag: 'cup-final',
    identity: { mode: 'none' },
    enabled: true,
    createdAt: at(3),
    createdBy: editor,
    updatedAt: at(1),
    updatedBy: editor,
    ...overrides,
  };
}

export const samplePolicies = (): PlaybackPolicy[] => [
  policyFixture(),
  policyFixture({
    id: 'pol-press',
    name: 'Press room',
    target: { type: 'streams', streams: ['DmoEv-Stage2'] },
    lifetimeMinutes: 90,
    allowedOrigins: ['https://press.example.org'],
    revocable: false,
    tag: null,
    identity: { mode: 'secret', secretSet: true, issuer: null, audience: 'press' },
    enabled: false,
  }),
];
