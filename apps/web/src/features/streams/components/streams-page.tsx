import AddIcon from '@mui/icons-material/Add';
import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import LiveTvOutlinedIcon from '@mui/icons-material/LiveTvOutlined';
import {
  Box,
  Button,
  LinearProgress,
  Paper,
  Stack,
  TablePagination,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { useId, useState } from 'react';
import { navigate } from '../../../lib/navigation.tsx';
import { EmptyState } from '../../../components/empty-state.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useSession } from '../../../lib/auth/session.ts';
import { useCan } from '../../../lib/auth/use-can.ts';
import { hasReadOnlyCredential, READ_ONLY_SHORT } from '../../../lib/read-only-credential.ts';
import { useStreamList } from '../api/list-streams.ts';
import type { StreamLocationState } from '../stream-location-state.ts';
import { CreateStreamDialog } from './create-stream-dialog.tsx';
import { StreamsFilters } from './streams-filters.tsx';
import { StreamsTable } from './streams-table.tsx';
import { useStreamFilters } from './use-stream-filters.ts';

/** The organisation's streams: search, filter, page through, open one, create one. */
export function StreamsPage() {
  const session = useSession().data;
  const can = useCan();
  const canCreate = can('createStream');
  const { filters, update, clear, hasFilters } = useStreamFilters();
  const list = useStreamList(filters);
  const [creating, setCreating] = useState(false);
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));

  // A read-only nanoStream credential cannot create streams: the button is off and says why.
  const readOnly = hasReadOnlyCredential(session);
  const reasonId = useId();
  const createButton =
    canCreate &&
    (readOnly ? (
      <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 0.5 }}>
        <Button variant="contained" startIcon={<AddIcon />} disabled aria-describedby={reasonId}>
          Create stream
        </Button>
        <Typography id={reasonId} variant="caption" color="text.secondary" sx={{ maxWidth: 320 }}>
          {READ_ONLY_SHORT}
        </Typography>
      </Box>
    ) : (
      <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
        Create stream
      </Button>
    ));

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Streams"
        description="Live streams of your organisation. Open one for its ingest and playout data, or to secure it with a playback token."
        actions={createButton}
      />
      <StreamsFilters filters={filters} hasFilters={hasFilters} onChange={update} onClear={clear} />
      <Paper variant="outlined" sx={{ position: 'relative', overflow: 'hidden' }}>
        {list.isFetching && list.data && (
          <LinearProgress
            aria-label="Updating streams"
            sx={{ position: 'absolute', top: 0, left: 0, right: 0 }}
          />
        )}
        {list.isPending ? (
          <LoadingState label="Loading streams…" />
        ) : list.isError && !list.data ? (
          <EmptyState
            title="The streams could not be loaded"
            description="The reason is shown at the bottom of the screen."
            action={
              <Button variant="outlined" onClick={() => list.refetch()}>
                Try again
              </Button>
            }
          />
        ) : list.data.total === 0 ? (
          hasFilters ? (
            <EmptyState
              icon={<FilterAltOffIcon />}
              title="No streams match these filters"
              description="Try another name, state or tag, or clear the filters."
              action={
                <Button variant="outlined" startIcon={<FilterAltOffIcon />} onClick={clear}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<LiveTvOutlinedIcon />}
              title="No streams yet"
              description={
                canCreate
                  ? 'Create a stream to get its ingest URL and player code.'
                  : 'Streams appear here once an editor or admin creates them.'
              }
              action={createButton || undefined}
            />
          )
        ) : (
          <>
            <StreamsTable items={list.data.items} />
            <Box sx={{ borderTop: 1, borderColor: 'divider' }}>
              <TablePagination
                component="div"
                count={list.data.total}
                page={Math.max(0, filters.page - 1)}
                rowsPerPage={filters.pageSize}
                rowsPerPageOptions={[10, 25, 50, 100]}
                labelRowsPerPage={compact ? 'Per page' : 'Rows per page'}
                onPageChange={(_, page) => update({ page: page + 1 })}
                onRowsPerPageChange={(event) => update({ pageSize: event.target.value })}
              />
            </Box>
          </>
        )}
      </Paper>
      {canCreate && (
        <CreateStreamDialog
          open={creating}
          onClose={() => setCreating(false)}
          canSecure={can('createToken')}
          securePackage={session?.organisation.securePackage ?? false}
          onCreated={(stream, secureWithToken) => {
            setCreating(false);
            const state: StreamLocationState = { secureWithToken };
            navigate(`/streams/${stream.id}`, { state });
          }}
        />
      )}
    </Stack>
  );
}
