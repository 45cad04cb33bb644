import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import PendingActionsIcon from '@mui/icons-material/PendingActions';
import ScheduleIcon from '@mui/icons-material/Schedule';
import { Chip, type ChipProps } from '@mui/material';
import type { TokenStatus } from '@ptd/contracts';
import type { ReactElement } from 'react';

export const STATUS_LABELS: Record<TokenStatus, string> = {
  active: 'Active',
  scheduled: 'Scheduled',
  expired: 'Expired',
  revoked: 'Revoked',
  'revocation-pending': 'Revocation pending',
  'never-delivered': 'Never delivered',
  issuing: 'Being issued',
};

const STATUS_LOOK: Record<TokenStatus, { color: ChipProps['color']; icon: ReactElement }> = {
  active: { color: 'success', icon: <CheckCircleIcon /> },
  scheduled: { color: 'info', icon: <ScheduleIcon /> },
  expired: { color: 'default', icon: <EventBusyIcon /> },
  revoked: { color: 'error', icon: <BlockIcon /> },
  'revocation-pending': { color: 'warning', icon: <PendingActionsIcon /> },
  'never-delivered': { color: 'warning', icon: <LinkOffIcon /> },
  issuing: { color: 'info', icon: <HourglassTopIcon /> },
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
