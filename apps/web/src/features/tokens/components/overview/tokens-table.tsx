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
  type Theme,
} from '@mui/material';
import type { TokenListItem, TokenListQuery, TokenRecord } from '@ptd/contracts';
import { ShortId } from '@/components/short-id.tsx';
import { MatchReason } from './match-reason.tsx';
import { RowMenu } from './row-menu.tsx';
import { DateCell, TargetText, dash, describeKind } from './token-display.tsx';
import { TokenStatusChip } from '@/components/token-status-chip.tsx';

export interface TokenListViewProps {
  items: TokenListItem[];
  sort: TokenListQuery['sort'];
  order: TokenListQuery['order'];
  onSort: (sort: TokenListQuery['sort']) => void;
  onOpen: (record: TokenRecord) => void;
  onRevoke: (record: TokenRecord) => void;
  canRevoke: (record: TokenRecord) => boolean;
  /** "Create a similar token" in the row's menu; absent for those who may not create. */
  onSimilar?: ((record: TokenRecord) => void) | undefined;
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
  onSimilar,
}: TokenListViewProps) {
  return (
    <TableContainer>
      <Table size="small" aria-label="Playback tokens" sx={denseColumns}>
        <TableHead>
          <TableRow>
            <TableCell>Status</TableCell>
            <TableCell sx={{ minWidth: 140 }}>Target</TableCell>
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
            <TableCell align="right" sx={actionsCell}>
              <span className="visually-hidden">Actions</span>
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
              <TableCell sx={{ minWidth: 140, maxWidth: 260 }}>
                <TargetText target={record.target} />
                <MatchReason record={record} />
              </TableCell>
              <TableCell sx={{ maxWidth: 160, overflowWrap: 'break-word' }}>
                {dash(record.tag)}
              </TableCell>
              <TableCell sx={{ maxWidth: 160 }}>
                {record.user ? <ShortId value={record.user} label="user ID" /> : dash(null)}
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
              <TableCell align="right" sx={actionsCell}>
                <RowActions
                  record={record}
                  onOpen={onOpen}
                  onRevoke={onRevoke}
                  canRevoke={canRevoke}
                  onSimilar={onSimilar}
                  stacked
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
  onSimilar,
  stacked = false,
}: Pick<TokenListViewProps, 'onOpen' | 'onRevoke' | 'canRevoke' | 'onSimilar'> & {
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
      ? record.target.streams.join(', ')
      : record.target.type === 'group'
        ? `stream group ${record.target.groupId}`
        : 'the entire organisation';
  return `token for ${target}${record.tag ? `, tag ${record.tag}` : ''}`;
}

/** Nine columns fit 1440 px (with the navigation beside them) only with narrower gutters. */
const denseColumns = {
  minWidth: 900,
  '& .MuiTableCell-root': { px: 1.25 },
  '& .MuiTableCell-root:first-of-type': { pl: 2 },
} as const;

/**
 * The actions stay in view at the table's right edge: a table wider than the page scrolls
 * under them instead of hiding Details and Revoke.
 */
const actionsCell = {
  whiteSpace: 'nowrap',
  position: 'sticky',
  right: 0,
  bgcolor: 'background.paper',
  backgroundImage: 'var(--Paper-overlay)',
  boxShadow: (theme: Theme) => `-1px 0 0 ${(theme.vars ?? theme).palette.divider}`,
} as const;
