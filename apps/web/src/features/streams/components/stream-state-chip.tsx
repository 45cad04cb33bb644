import CircleIcon from '@mui/icons-material/Circle';
import { Chip, type ChipProps } from '@mui/material';
import type { StreamState } from '@ptd/contracts';

export const STREAM_STATE_LABELS: Record<StreamState, string> = {
  created: 'Created',
  live: 'Live',
  ended: 'Ended',
  locked: 'Locked',
};

const COLORS: Record<StreamState, ChipProps['color']> = {
  created: 'info',
  live: 'success',
  ended: 'default',
  locked: 'warning',
};

/** A stream's state; "Live" carries a dot so it does not rely on colour alone. */
export function StreamStateChip({ state }: { state: StreamState }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={COLORS[state]}
      label={STREAM_STATE_LABELS[state]}
      icon={state === 'live' ? <CircleIcon sx={{ fontSize: '0.6rem !important' }} /> : undefined}
    />
  );
}
