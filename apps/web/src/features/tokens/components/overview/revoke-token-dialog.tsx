import { Paper } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { ConfirmDialog, type ConfirmHandlers } from '@/components/confirm-dialog.tsx';
import { DetailGrid, DetailRow } from '@/components/detail-list.tsx';
import { formatLocal, formatUtc } from '@/lib/format.ts';
import { describeTarget } from '@/lib/describe-target.ts';

interface Props extends ConfirmHandlers<TokenRecord> {
  record: TokenRecord | null;
}

/** Revoking is permanent and cuts viewers off, so it is confirmed with its effect spelled out. */
export function RevokeTokenDialog({ record, ...handlers }: Props) {
  return (
    <ConfirmDialog
      subject={record}
      {...handlers}
      maxWidth="sm"
      content={(shown) => ({
        title: 'Revoke this token?',
        text: 'Revoking is permanent and cannot be undone. The token stops working on every edge at once, and viewers who are watching with it right now are disconnected. To let them watch again, create a new token.',
        details: <RevokedTokenFacts record={shown} />,
        confirmLabel: 'Revoke token',
      })}
    />
  );
}

function RevokedTokenFacts({ record }: { record: TokenRecord }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <DetailGrid labelWidth="auto" size="medium">
        <DetailRow label="Target">{describeTarget(record.target)}</DetailRow>
        {record.tag && <DetailRow label="Tag">{record.tag}</DetailRow>}
        {record.user && <DetailRow label="User ID">{record.user}</DetailRow>}
        <DetailRow label="Expires">
          {formatLocal(record.expiresAt)} ({formatUtc(record.expiresAt)})
        </DetailRow>
      </DetailGrid>
    </Paper>
  );
}
