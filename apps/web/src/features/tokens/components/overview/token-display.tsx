import { Box, Tooltip, Typography } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { Fragment } from 'react';
import { describeTarget } from '@/lib/describe-target.ts';
import { formatLocal, formatRelative, formatUtc } from '@/lib/format.ts';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { ForeignText } from '@/components/foreign-text.tsx';
import { StreamGroupName } from '@/components/stream-group-name.tsx';
import { StackedTime } from '@/components/stacked-time.tsx';
import { useStreamGroup } from '@/features/tokens/api/stream-groups.ts';

/** The stream group by its streams' names (from bintu), or its id while they are unknown. */
function GroupTarget({ groupId }: { groupId: string }) {
  return <StreamGroupName groupId={groupId} group={useStreamGroup(groupId).data} />;
}

/**
 * What a token plays, as people know it: stream names, a group by its streams' names, or the
 * whole organisation. Names wrap between words only, never inside one.
 */
export function TargetText({ target }: { target: TokenRecord['target'] }) {
  if (target.type === 'group') return <GroupTarget groupId={target.groupId} />;
  if (target.type === 'organisation') {
    return <Typography variant="body2">{describeTarget(target)}</Typography>;
  }
  const [first, second, ...rest] = target.streams;
  const shown = [first, second].filter((name) => name !== undefined);
  return (
    <Typography variant="body2">
      {shown.map((name, index) => (
        <Fragment key={name}>
          {index > 0 && ', '}
          {/* "DmEvt-CupFn" is one name: it may move to the next line, never split at its hyphen. */}
          <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
            <ForeignText value={name} />
          </Box>
        </Fragment>
      ))}
      {rest.length > 0 && (
        <Typography component="span" variant="body2" color="text.secondary">
          {` +${rest.length} more`}
        </Typography>
      )}
    </Typography>
  );
}

/**
 * "Staff", "Bulk" for one created in bulk (as the event overview counts them), or
 * "Viewer · <policy name>" for a token a viewer got under a playback policy.
 */
export function describeKind(
  record: Pick<TokenRecord, 'kind' | 'policyId' | 'policyName' | 'batchId'>,
): string {
  if (record.kind === 'staff') return record.batchId ? 'Bulk' : 'Staff';
  const policy = record.policyName ?? record.policyId;
  return policy ? `Viewer · ${policy}` : 'Viewer';
}

/**
 * Relative time first, the date below it (local time or UTC, as the staff member chose), both
 * in a tooltip.
 */
export function DateCell({ value }: { value: string }) {
  const time = useTableTime();
  return (
    <Tooltip
      title={`${formatLocal(value)} · ${formatUtc(value)}`}
      placement="top-start"
      describeChild
    >
      <StackedTime
        value={value}
        primary={formatRelative(value)}
        secondary={time.short(value)}
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
