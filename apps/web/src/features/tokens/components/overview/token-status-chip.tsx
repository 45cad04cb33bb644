import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { Chip, type ChipProps } from '@mui/material';
import type { TokenStatus } from '@ptd/contracts';
import type { ReactElement } from 'react';

export const STATUS_LABELS: Record<TokenStatus, string> = {
  active: 'Active',
  scheduled: 'Scheduled',
  expired: 'Expired',
  revoked: 'Revoked',
};

const STATUS_LOOK: Record<TokenStatus, { color: ChipProps['color']; icon: ReactElement }> = {
  active: { color: 'success', icon: <CheckCircleIcon /> },
  scheduled: { color: 'info', icon: <ScheduleIcon /> },
  expired: { color: 'default', icon: <EventBusyIcon /> },
  revoked: { color: 'error', icon: <BlockIcon /> },
};

/** Colour, icon and text: the status never depends on colour alone. */
export function TokenStatusChip({ status }: { status: TokenStatus }) {
  const look = STATUS_LOOK[status];
  return (
    <Chip
      size="small"
      variant="outlined"
      color={look.color}
      icon={look.icon}
      label={STATUS_LABELS[status]}
    />
  );
}
