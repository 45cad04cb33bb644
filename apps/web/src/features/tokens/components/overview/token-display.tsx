import { Tooltip, Typography } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { formatLocal, formatRelative, formatShort, formatUtc } from '../../../../lib/format.ts';
import { StackedTime } from '../../../../components/stacked-time.tsx';

/** "2 streams: Ab3dE-fG7hJ, …", "Group 1234-…", "Entire organisation". */
export function describeTarget(target: TokenRecord['target']): string {
  switch (target.type) {
    case 'streams':
      return target.streams.join(', ');
    case 'group':
      return `Stream group ${target.groupId}`;
    case 'organisation':
      return 'Entire organisation';
  }
}

export function TargetText({ target }: { target: TokenRecord['target'] }) {
  if (target.type !== 'streams') {
    return (
      <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {describeTarget(target)}
      </Typography>
    );
  }
  const [first, second, ...rest] = target.streams;
  const shown = [first, second].filter(Boolean).join(', ');
  return (
    <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
      {shown}
      {rest.length > 0 && (
        <Typography component="span" variant="body2" color="text.secondary">
          {` +${rest.length} more`}
        </Typography>
      )}
    </Typography>
  );
}

/** "Staff", or "Viewer · <policy name>" for a token a viewer got under a playback policy. */
export function describeKind(
  record: Pick<TokenRecord, 'kind' | 'policyId' | 'policyName'>,
): string {
  if (record.kind === 'staff') return 'Staff';
  const policy = record.policyName ?? record.policyId;
  return policy ? `Viewer · ${policy}` : 'Viewer';
}

/** Relative time first, the local date below it and the UTC instant in a tooltip. */
export function DateCell({ value }: { value: string }) {
  return (
    <Tooltip
      title={`${formatLocal(value)} · ${formatUtc(value)}`}
      placement="top-start"
      describeChild
    >
      <StackedTime
        value={value}
        primary={formatRelative(value)}
        secondary={formatShort(value)}
        nowrapSecondary
      />
    </Tooltip>
  );
}

/** Local time with the UTC instant beside it and how far away it is, for the details view. */
export function DateDetail({ value }: { value: string }) {
  return (
    <StackedTime
      value={value}
      primary={`${formatLocal(value)} (${formatRelative(value)})`}
      secondary={formatUtc(value)}
    />
  );
}

export const dash = (value: string | null | undefined) => (value ? value : '—');
