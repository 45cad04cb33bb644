import AddIcon from '@mui/icons-material/Add';
import LiveTvOutlinedIcon from '@mui/icons-material/LiveTvOutlined';
import { Box, Button, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { streamListQuerySchema } from '@ptd/contracts';
import { useId, useState } from 'react';
import { navigate } from '@/lib/navigation.tsx';
import { NumberedListPanel } from '@/components/list-page/list-pagination.tsx';
import { useListParams } from '@/components/list-page/use-list-params.ts';
import { PageHeader } from '@/components/page-header.tsx';
import { useSession } from '@/lib/auth/session.ts';
import { useCan } from '@/lib/auth/use-can.ts';
import { hasReadOnlyCredential, READ_ONLY_SHORT } from '@/lib/read-only-credential.ts';
import { useStreamList } from '../api/list-streams.ts';
import type { StreamLocationState } from '../stream-location-state.ts';
import { CreateStreamDialog } from './create-stream-dialog.tsx';
import { streamFilterSchema, StreamsFilters } from './streams-filters.tsx';
import { StreamsTable } from './streams-table.tsx';

const LIST_PARAMS = {
  schema: streamListQuerySchema,
  filters: streamFilterSchema,
  position: 'page',
} as const;

/** The organisation's streams: search, filter, page through, open one, create one. */
export function StreamsPage() {
  const session = useSession().data;
  const can = useCan();
  const canCreate = can('createStream');
  const params = useListParams(LIST_PARAMS);
  const { query: filters, update, clearFilters, hasFilters } = params;
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
      <StreamsFilters
        filters={filters}
        hasFilters={hasFilters}
        onChange={update}
        onClear={clearFilters}
      />
      <NumberedListPanel
        query={list}
        params={params}
        compact={compact}
        labels={{
          loading: 'Loading streams…',
          updating: 'Updating streams',
          failed: 'The streams could not be loaded.',
        }}
        empty={{
          icon: <LiveTvOutlinedIcon />,
          none: {
            title: 'No streams yet',
            description: canCreate
              ? 'Create a stream to get its ingest URL and player code.'
              : 'Streams appear here once an editor or admin creates them.',
            action: createButton || undefined,
          },
          unmatched: {
            title: 'No streams match these filters',
            description: 'Try another name, state or tag, or clear the filters.',
          },
        }}
      >
        {(data) => <StreamsTable items={data.items} />}
      </NumberedListPanel>
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
