import HistoryIcon from '@mui/icons-material/History';
import {
  Box,
  CardContent,
  Link,
  Stack,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { BulkBatchSummary, TokenTarget } from '@ptd/contracts';
import { useState } from 'react';
import { EmptyState } from '@/components/empty-state.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { CardList } from '@/components/list-page/card-list.tsx';
import { ListPagination } from '@/components/list-page/list-pagination.tsx';
import { ListPanel } from '@/components/list-page/list-panel.tsx';
import { ListTable, type ListColumn } from '@/components/list-page/list-table.tsx';
import { StackedTime } from '@/components/stacked-time.tsx';
import { TargetName } from '@/components/stream-group-name.tsx';
import { localTimeZone } from '@/lib/format.ts';
import { RouterLink } from '@/lib/navigation.tsx';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { useStreamGroup } from '@/features/tokens/api/stream-groups.ts';
import { useRecentBatches } from '@/features/tokens/api/token-batches.ts';

const n = (value: number) => value.toLocaleString('en');

const STATES: Record<BulkBatchSummary['state'], string> = {
  minting: 'Minting',
  finished: 'Finished',
  cancelled: 'Cancelled',
};

/** "12 minted · 1 failed · 3 pending": rows still at the token service count as pending. */
function countsText({ counts }: BulkBatchSummary) {
  const pending = counts.pending + counts.minting;
  return [
    `${n(counts.minted)} minted`,
    `${n(counts.failed)} failed`,
    `${n(pending)} pending`,
    counts.cancelled > 0 && `${n(counts.cancelled)} not minted`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function resultsText(batch: BulkBatchSummary, time: ReturnType<typeof useTableTime>) {
  if (batch.resultsDownloadedAt) return `Downloaded ${time.short(batch.resultsDownloadedAt)}`;
  if (batch.resultsExpiredAt) return 'Erased, never downloaded';
  if (batch.resultsAvailable) return 'Not downloaded yet';
  return batch.state === 'minting' ? 'Not ready' : 'Nothing to download';
}

/** What the batch plays: a stream group by its streams' names, as the token list names it. */
function BatchTarget({ batch }: { batch: BulkBatchSummary }) {
  const target = batch.target as TokenTarget;
  const group = useStreamGroup(target.type === 'group' ? target.groupId : undefined).data;
  return (
    <Box sx={{ typography: 'body2' }}>
      <TargetName target={target} group={group} />
    </Box>
  );
}

function BatchLink({ batch }: { batch: BulkBatchSummary }) {
  const time = useTableTime();
  return (
    <Link
      component={RouterLink}
      to={`/tokens/bulk/${batch.id}`}
      aria-label={`Open the batch of ${n(batch.counts.total)} tokens created ${time.short(batch.createdAt)}`}
    >
      Open
    </Link>
  );
}

function Creator({ batch }: { batch: BulkBatchSummary }) {
  if (!batch.createdBy) return <Typography variant="body2">A removed account</Typography>;
  return (
    <Typography variant="body2" sx={{ overflowWrap: 'break-word' }}>
      <ForeignText value={batch.createdBy.displayName} />
    </Typography>
  );
}

function BatchCard({ batch, showCreator }: { batch: BulkBatchSummary; showCreator: boolean }) {
  const time = useTableTime();
  return (
    <CardContent>
      <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, mb: 0.5 }}>
        <Typography variant="body2" sx={{ fontWeight: 500 }}>
          {n(batch.counts.total)} tokens · {STATES[batch.state]}
        </Typography>
        <BatchLink batch={batch} />
      </Box>
      <BatchTarget batch={batch} />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {countsText(batch)}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Created {time.short(batch.createdAt)}
        {time.zone === 'local' ? ` (${localTimeZone()})` : ''}
        {showCreator && batch.createdBy ? ` by ${batch.createdBy.displayName}` : ''} ·{' '}
        {resultsText(batch, time)}
      </Typography>
    </CardContent>
  );
}

/**
 * "Recent batches" on Create in bulk: the batches you created (an admin: everyone's, with who
 * created each), newest first, so that a batch whose tab was closed can be found again.
 */
export function RecentBatches({ showCreator }: { showCreator: boolean }) {
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const time = useTableTime();
  const [pageSize, setPageSize] = useState(10);
  // The cursor of each page shown so far: Previous goes back along them.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  const query = useRecentBatches(cursors[page], pageSize);
  const zone = time.zone === 'utc' ? 'UTC' : localTimeZone();

  const columns: ListColumn<BulkBatchSummary>[] = [
    {
      header: `Created (${zone})`,
      cell: (batch) => (
        <StackedTime
          value={batch.createdAt}
          primary={time.short(batch.createdAt)}
          secondary={time.otherLong(batch.createdAt)}
          nowrapSecondary
        />
      ),
    },
    ...(showCreator
      ? [{ header: 'Created by', cell: (batch: BulkBatchSummary) => <Creator batch={batch} /> }]
      : []),
    { header: 'Target', cell: (batch) => <BatchTarget batch={batch} /> },
    { header: 'State', cell: (batch) => STATES[batch.state] },
    {
      header: 'Tokens',
      cell: (batch) => (
        <>
          <Typography variant="body2">{n(batch.counts.total)}</Typography>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
            {countsText(batch)}
          </Typography>
        </>
      ),
    },
    { header: 'Results', cell: (batch) => resultsText(batch, time) },
    { header: 'Batch', align: 'right', cell: (batch) => <BatchLink batch={batch} /> },
  ];

  return (
    <Stack spacing={1.5} component="section" aria-labelledby="recent-batches">
      <Typography variant="h2" id="recent-batches">
        Recent batches
      </Typography>
      <ListPanel
        query={query}
        labels={{
          loading: 'Loading recent batches…',
          updating: 'Updating recent batches',
          failed: query.error?.message ?? 'The recent batches could not be loaded.',
        }}
        isEmpty={(data) => data.items.length === 0 && page === 0}
        empty={
          <EmptyState
            icon={<HistoryIcon />}
            title="No batches yet"
            description={
              showCreator
                ? 'Batches anyone creates are listed here. Add the viewers above, check the rows, then mint them.'
                : 'Batches you create are listed here, so that you can come back to one. Add the viewers above, check the rows, then mint them.'
            }
          />
        }
      >
        {(data) => (
          <>
            {compact ? (
              <CardList
                label="Recent batches"
                items={data.items}
                card={(batch) => <BatchCard batch={batch} showCreator={showCreator} />}
              />
            ) : (
              <ListTable label="Recent batches" items={data.items} columns={columns} />
            )}
            <ListPagination
              page={page}
              pageSize={pageSize}
              count={data.nextCursor ? -1 : page * pageSize + data.items.length}
              compact={compact}
              labelDisplayedRows={({ from, to }) => `${n(from)}–${n(to)}`}
              showFirstButton
              onPage={(next) => {
                if (next === 0) setCursors([undefined]);
                else if (next > page && data.nextCursor) setCursors([...cursors, data.nextCursor]);
                else if (next < page) setCursors(cursors.slice(0, -1));
              }}
              onPageSize={(size) => {
                setPageSize(size);
                setCursors([undefined]);
              }}
            />
          </>
        )}
      </ListPanel>
    </Stack>
  );
}
