import type { TokenTarget } from '@ptd/contracts';

/**
 * A token's (or a policy's) target in words: "DmEvt-CupFn, DmEvt-Press", "Stream group <its
 * id>", "Entire organisation". `full`, for a summary read once (the show-once dialog), names
 * the kind of each and says what an organisation-wide token opens. Lists and tables show a
 * group by its streams' names where they know them (tokens' TargetText).
 */
export function describeTarget(target: TokenTarget, { full = false } = {}): string {
  switch (target.type) {
    case 'streams':
      return full
        ? `${target.streams.length === 1 ? 'Stream' : 'Streams'} ${target.streams.join(', ')}`
        : target.streams.join(', ');
    case 'group':
      return `Stream group ${target.groupId}`;
    case 'organisation':
      return full
        ? 'Entire organisation: every stream, including streams created later'
        : 'Entire organisation';
  }
}
