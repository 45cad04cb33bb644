import { Box, TableSortLabel, Typography, type Theme } from '@mui/material';
import type { TokenListItem, TokenListQuery } from '@ptd/contracts';
import { CardList } from '@/components/list-page/card-list.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { ListTable, type ListColumn } from '@/components/list-page/list-table.tsx';
import { ShortId } from '@/components/short-id.tsx';
import { TokenStatusChip } from '@/components/token-status-chip.tsx';
import { MatchReason } from './match-reason.tsx';
import { RowActions, type RowActionHandlers } from './row-actions.tsx';
import { TokenCard } from './token-card.tsx';
import { DateCell, TargetText, dash, describeKind } from './token-display.tsx';
import { describeCreator } from '@/lib/describe-creator.ts';

export interface TokenListViewProps extends RowActionHandlers {
  items: TokenListItem[];
  sort: TokenListQuery['sort'];
  order: TokenListQuery['order'];
  onSort: (sort: TokenListQuery['sort']) => void;
  /** Phones get cards, with sorting in the filter bar. */
  compact: boolean;
}

const SORTABLE: { key: TokenListQuery['sort']; label: string }[] = [
  { key: 'createdAt', label: 'Created' },
  { key: 'expiresAt', label: 'Expires' },
];

/** The ledger as a table where the screen is wide enough to show it, as cards on phones. */
export function TokensTable({
  items,
  sort,
  order,
  onSort,
  compact,
  ...actions
}: TokenListViewProps) {
  const columns: ListColumn<TokenListItem>[] = [
    { header: 'Status', cell: (record) => <TokenStatusChip status={record.status} /> },
    {
      header: 'Target',
      sx: { minWidth: 140 },
      cellSx: { maxWidth: 260 },
      cell: (record) => (
        <>
          <TargetText target={record.target} />
          <MatchReason record={record} />
        </>
      ),
    },
    {
      header: 'Tag',
      cellSx: { maxWidth: 160, overflowWrap: 'break-word' },
      cell: (record) => (record.tag ? <Tag value={record.tag} /> : dash(null)),
    },
    {
      header: 'User',
      cellSx: { maxWidth: 160 },
      cell: (record) =>
        record.user ? <ShortId value={record.user} label="user ID" /> : dash(null),
    },
    { header: 'Kind', cell: describeKind },
    {
      header: 'Created by',
      cell: (record) =>
        record.createdBy ? (
          record.createdBy.displayName
        ) : (
          <Typography variant="body2" color="text.secondary">
            {describeCreator(record)}
          </Typography>
        ),
    },
    ...SORTABLE.map((column): ListColumn<TokenListItem> => ({
      header: (
        <TableSortLabel
          active={sort === column.key}
          direction={sort === column.key ? order : 'desc'}
          onClick={() => onSort(column.key)}
        >
          {column.label}
        </TableSortLabel>
      ),
      headProps: {
        sortDirection: sort === column.key ? order : false,
        sx: { whiteSpace: 'nowrap' },
      },
      cell: (record) => <DateCell value={record[column.key]} />,
    })),
    {
      header: <span className="visually-hidden">Actions</span>,
      align: 'right',
      sx: actionsCell,
      cell: (record) => <RowActions record={record} {...actions} stacked />,
    },
  ];
  if (compact)
    return (
      <CardList
        label="Playback tokens"
        items={items}
        card={(record) => <TokenCard record={record} {...actions} />}
      />
    );
  return (
    <ListTable
      label="Playback tokens"
      items={items}
      columns={columns}
      tableSx={denseColumns}
      rowSx={{ '& > td': { py: 1.25 } }}
      onRowClick={(record) => actions.onOpen(record)}
    />
  );
}

/** Characters of a tag that fit the column's width on one line. */
const SHORT_TAG = 18;

/**
 * A tag as short as most are stays on one line, where the table would break it at a hyphen
 * ("local-" / "demo"); a longer one wraps within the column.
 */
function Tag({ value }: { value: string }) {
  if (value.length > SHORT_TAG) return <ForeignText value={value} />;
  return (
    <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
      <ForeignText value={value} />
    </Box>
  );
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
