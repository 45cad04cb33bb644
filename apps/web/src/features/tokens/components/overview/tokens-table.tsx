import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TableSortLabel,
  Typography,
} from '@mui/material';
import type { TokenListItem, TokenListQuery, TokenRecord } from '@ptd/contracts';
import { MatchReason } from './match-reason.tsx';
import { DateCell, TargetText, dash, describeKind } from './token-display.tsx';
import { TokenStatusChip } from './token-status-chip.tsx';

export interface TokenListViewProps {
  items: TokenListItem[];
  sort: TokenListQuery['sort'];
  order: TokenListQuery['order'];
  onSort: (sort: TokenListQuery['sort']) => void;
  onOpen: (record: TokenRecord) => void;
  onRevoke: (record: TokenRecord) => void;
  canRevoke: (record: TokenRecord) => boolean;
}

const SORTABLE: { key: TokenListQuery['sort']; label: string }[] = [
  { key: 'createdAt', label: 'Created' },
  { key: 'expiresAt', label: 'Expires' },
];

/** The ledger as a table, for screens wide enough to show it. */
export function TokensTable({
  items,
  sort,
  order,
  onSort,
  onOpen,
  onRevoke,
  canRevoke,
}: TokenListViewProps) {
  return (
    <TableContainer>
      <Table size="small" aria-label="Playback tokens" sx={{ minWidth: 1000 }}>
        <TableHead>
          <TableRow>
            <TableCell>Status</TableCell>
            <TableCell>Target</TableCell>
            <TableCell>Tag</TableCell>
            <TableCell>User</TableCell>
            <TableCell>Kind</TableCell>
            <TableCell>Created by</TableCell>
            {SORTABLE.map((column) => (
              <TableCell
                key={column.key}
                sortDirection={sort === column.key ? order : false}
                sx={{ whiteSpace: 'nowrap' }}
              >
                <TableSortLabel
                  active={sort === column.key}
                  direction={sort === column.key ? order : 'desc'}
                  onClick={() => onSort(column.key)}
                >
                  {column.label}
                </TableSortLabel>
              </TableCell>
            ))}
            <TableCell align="right">
              <Box component="span" sx={visuallyHidden}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((record) => (
            <TableRow
              key={record.id}
              hover
              onClick={() => onOpen(record)}
              sx={{ cursor: 'pointer', '& > td': { py: 1.25 } }}
            >
              <TableCell>
                <TokenStatusChip status={record.status} />
              </TableCell>
              <TableCell sx={{ maxWidth: 240 }}>
                <TargetText target={record.target} />
                <MatchReason record={record} />
              </TableCell>
              <TableCell sx={{ maxWidth: 160, overflowWrap: 'break-word' }}>
                {dash(record.tag)}
              </TableCell>
              <TableCell sx={{ maxWidth: 160, overflowWrap: 'break-word' }}>
                {dash(record.user)}
              </TableCell>
              <TableCell>{describeKind(record)}</TableCell>
              <TableCell>
                {record.createdBy ? (
                  record.createdBy.displayName
                ) : (
                  <Typography variant="body2" color="text.secondary">
                    {record.kind === 'viewer' ? 'Viewer request' : 'Unknown'}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <DateCell value={record.createdAt} />
              </TableCell>
              <TableCell>
                <DateCell value={record.expiresAt} />
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                <RowActions
                  record={record}
                  onOpen={onOpen}
                  onRevoke={onRevoke}
                  canRevoke={canRevoke}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function RowActions({
  record,
  onOpen,
  onRevoke,
  canRevoke,
}: Pick<TokenListViewProps, 'onOpen' | 'onRevoke' | 'canRevoke'> & { record: TokenRecord }) {
  const label = describeRow(record);
  return (
    <Box sx={{ display: 'inline-flex', gap: 1 }}>
      {canRevoke(record) && (
        <Button
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
      )}
      <Button
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
    </Box>
  );
}

/** Names a row for screen readers: "token for Ab3dE-fG7hJ, tag vip". */
export function describeRow(record: TokenRecord) {
  const target =
    record.target.type === 'streams'
      ? record.target.streams.join(', ')
      : record.target.type === 'group'
        ? `stream group ${record.target.groupId}`
        : 'the entire organisation';
  return `token for ${target}${record.tag ? `, tag ${record.tag}` : ''}`;
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
