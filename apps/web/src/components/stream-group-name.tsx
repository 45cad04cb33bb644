import { Box, Typography } from '@mui/material';
import type { StreamGroup, TokenTarget } from '@ptd/contracts';
import { describeTarget } from '@/lib/describe-target.ts';
import { ForeignText } from './foreign-text.tsx';
import { ShortId } from './short-id.tsx';

/**
 * A stream group as people know it: by its streams' names (from bintu) with how many more
 * streams it has, or "Stream group <its id>" while they are unknown.
 */
export function StreamGroupName({
  groupId,
  group,
}: {
  groupId: string;
  group: StreamGroup | undefined;
}) {
  if (!group?.name) {
    return (
      <Typography variant="body2" component="div">
        Stream group <ShortId value={groupId} label="stream group ID" />
      </Typography>
    );
  }
  const renditions = group.streams.length - 1;
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        <ForeignText value={group.name} />
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
        {renditions > 0
          ? `Stream group · ${renditions} more ${renditions === 1 ? 'stream' : 'streams'}`
          : 'Stream group'}
      </Typography>
    </Box>
  );
}

/** The group a target names, to look up with `useStreamGroup`; none for other targets. */
export const groupIdOf = (target: TokenTarget) =>
  target.type === 'group' ? target.groupId : undefined;

/**
 * What a target plays in one line where a list of names fits (a policy, the inspector): a
 * group by its streams' names, as the token list shows it.
 */
export function TargetName({
  target,
  group,
}: {
  target: TokenTarget;
  group: StreamGroup | undefined;
}) {
  if (target.type !== 'group') return describeTarget(target);
  return <StreamGroupName groupId={target.groupId} group={group} />;
}
