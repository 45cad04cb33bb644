import type { Insights } from '@ptd/contracts';

type Target = Insights['active']['targets'][number];

/** Links into the Playback tokens overview with its URL filters (see use-token-filters.ts). */
export const tokenLinks = {
  all: () => '/tokens',
  policy: (policyId: string) => `/tokens?${new URLSearchParams({ policy: policyId })}`,
  target: (target: Target) =>
    target.type === 'organisation'
      ? '/tokens?status=active'
      : `/tokens?${new URLSearchParams({ stream: target.value, status: 'active' })}`,
  expiringWithinADay: () => '/tokens?expiringWithin=86400&sort=expiresAt&order=asc',
};

export const targetLabel = (target: Target) =>
  target.type === 'organisation'
    ? 'Whole organisation'
    : target.type === 'group'
      ? // Group ids share their start (bintu's organisation prefix): the end tells them apart.
        `Group …${target.value.slice(-8)}`
      : target.value;
