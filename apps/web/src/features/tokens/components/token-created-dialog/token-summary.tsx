import { Typography } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { DateTime } from '@/components/date-time.tsx';
import { DetailList } from '@/components/detail-list.tsx';
import { describeTarget } from '@/lib/describe-target.ts';

function restrictions(record: TokenRecord): string {
  const parts = [
    record.ip ? `Client IP ${record.ip}` : null,
    record.domain ? `Domain ${record.domain}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'None: any viewer address, any website';
}

const none = (
  <Typography component="span" color="text.secondary">
    None
  </Typography>
);

/** What the new token allows, read from its ledger record (never from the token). */
export function TokenSummary({ record }: { record: TokenRecord }) {
  return (
    <DetailList
      labelWidth={150}
      items={[
        { label: 'Plays', value: describeTarget(record.target, { full: true }) },
        { label: 'Valid from', value: <DateTime value={record.notBefore} relative /> },
        { label: 'Valid until', value: <DateTime value={record.expiresAt} relative /> },
        { label: 'Restrictions', value: restrictions(record) },
        { label: 'Tag', value: record.tag ?? none },
        { label: 'User ID', value: record.user ?? none },
        {
          label: 'Revocable',
          value: record.revocable
            ? 'Yes: you (or an admin) can revoke it in Playback tokens'
            : 'No: it stays valid until it expires',
        },
        {
          label: 'Force disconnect',
          value: record.forceDisconnect
            ? 'Yes: viewers are disconnected when it expires'
            : 'No: running sessions continue after expiry',
        },
      ]}
    />
  );
}
