import { Box, Typography } from '@mui/material';
import type { TokenListItem } from '@ptd/contracts';
import { foreignLabel } from '@ptd/contracts';
import { ForeignText } from '@/components/foreign-text.tsx';

/**
 * Why a token is in a stream-filtered list when its target does not show the stream: it plays
 * it through its group, or everywhere. A streams target names its match unless it is hidden
 * behind "+N more".
 */
export function describeMatch(
  record: Pick<TokenListItem, 'match' | 'target'>,
): { short: string; full: string } | null {
  const { match, target } = record;
  if (!match) return null;
  switch (match.type) {
    case 'organisation':
      return { short: 'Plays every stream', full: 'Organisation-wide: plays every stream' };
    case 'group': {
      const group = match.groupName ?? match.groupId;
      const plays = match.streams.length > 0 ? `Plays ${match.streams.join(', ')} ` : 'Plays ';
      return { short: `Via group ${group}`, full: `${plays}through stream group ${group}` };
    }
    case 'stream':
      return target.type === 'streams' && target.streams.length > 2
        ? { short: `Names ${match.streams.join(', ')}`, full: `Names ${match.streams.join(', ')}` }
        : null;
  }
}

/** One short line under the target; the whole reason in its title and for screen readers. */
export function MatchReason({ record }: { record: Pick<TokenListItem, 'match' | 'target'> }) {
  const text = describeMatch(record);
  if (!text) return null;
  return (
    <Typography
      variant="caption"
      color="text.secondary"
      component="p"
      title={foreignLabel(text.full)}
      sx={{ m: 0, overflowWrap: 'anywhere' }}
    >
      <span aria-hidden="true">
        <ForeignText value={text.short} />
      </span>
      <Box component="span" sx={visuallyHidden}>
        <ForeignText value={text.full} />
      </Box>
    </Typography>
  );
}

const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: 1,
  margin: -1,
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: 1,
} as const;
