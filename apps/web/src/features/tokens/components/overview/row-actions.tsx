import { Box, Button } from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { foreignLabel } from '@ptd/contracts';
import { RowMenu } from './row-menu.tsx';

/** What a ledger row offers, in the table and on a phone's card alike. */
export interface RowActionHandlers {
  onOpen: (record: TokenRecord) => void;
  onRevoke: (record: TokenRecord) => void;
  canRevoke: (record: TokenRecord) => boolean;
  /** "Create a similar token" in the row's menu; absent for those who may not create. */
  onSimilar?: ((record: TokenRecord) => void) | undefined;
}

export function RowActions({
  record,
  onOpen,
  onRevoke,
  canRevoke,
  onSimilar,
  stacked = false,
}: RowActionHandlers & {
  record: TokenRecord;
  /** One above the other, in the table's narrow last column. */
  stacked?: boolean;
}) {
  const label = describeRow(record);
  const revoke = canRevoke(record) && (
    <Button
      key="revoke"
      size="small"
      color="error"
      variant="outlined"
      aria-label={`${record.status === 'revocation-pending' ? 'Retry revoking' : 'Revoke'} ${label}`}
      onClick={(event) => {
        event.stopPropagation();
        onRevoke(record);
      }}
    >
      {record.status === 'revocation-pending' ? 'Retry revoke' : 'Revoke'}
    </Button>
  );
  const details = (
    <Button
      key="details"
      size="small"
      variant="outlined"
      aria-label={`Details of ${label}`}
      onClick={(event) => {
        event.stopPropagation();
        onOpen(record);
      }}
    >
      Details
    </Button>
  );
  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25 }}>
      <Box
        sx={{
          display: 'inline-flex',
          gap: stacked ? 0.75 : 1,
          flexDirection: stacked ? 'column' : 'row',
          alignItems: 'stretch',
        }}
      >
        {/* Details first when stacked: the row's usual action on top, and in the tab order. */}
        {stacked ? [details, revoke] : [revoke, details]}
      </Box>
      {onSimilar && <RowMenu label={label} onSimilar={() => onSimilar(record)} />}
    </Box>
  );
}

/** Names a row for screen readers: "token for Ab3dE-fG7hJ, tag vip". */
export function describeRow(record: TokenRecord) {
  const target =
    record.target.type === 'streams'
      ? record.target.streams.map(foreignLabel).join(', ')
      : record.target.type === 'group'
        ? `stream group ${foreignLabel(record.target.groupId)}`
        : 'the entire organisation';
  return `token for ${target}${record.tag ? `, tag ${foreignLabel(record.tag)}` : ''}`;
}
