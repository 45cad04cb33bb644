import type { Insights } from '@ptd/contracts';

type Target = Insights['active']['targets'][number];

/** Links into the Playback tokens overview with its URL filters (see use-token-filters.ts). */
export const tokenLinks = {
  all: () => '/tokens',
  policy: (policyId: string) => `/tokens?${new URLSearchParams({ policy: policyId })}`,
  /**
   * The target's own tokens, as its count counts them: a stream's, not the group and
   * organisation-wide tokens that also play it (the target type filter), and not another
   * stream whose name holds this one ("event-10" for "event-1": the exact stream match).
   */
  target: (target: Target) =>
    target.type === 'organisation'
      ? '/tokens?targetType=organisation&status=active'
      : `/tokens?${new URLSearchParams({
          stream: target.value,
          streamMatch: 'exact',
          targetType: target.type === 'stream' ? 'streams' : 'group',
          status: 'active',
        })}`,
  expiringWithinADay: () => '/tokens?expiringWithin=86400&sort=expiresAt&order=asc',
};

/**
 * A target as Playback tokens names it: a stream group by its streams' name where it is known
 * (`groupNames`), the organisation as "Entire organisation".
 */
export const targetLabel = (
  target: Target,
  groupNames: ReadonlyMap<string, string>,
  /** Where room is short (a chart's axis): "(group)" rather than "(stream group)". */
  short = false,
) => {
  if (target.type === 'organisation') return 'Entire organisation';
  if (target.type === 'stream') return target.value;
  const name = groupNames.get(target.value);
  // Group ids share their start (bintu's organisation prefix): the end tells them apart.
  if (!name) return `Group …${target.value.slice(-8)}`;
  return short ? `${name} (group)` : `${name} (stream group)`;
};
