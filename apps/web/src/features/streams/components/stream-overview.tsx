import { Alert, Box, Breadcrumbs, Button, Chip, Grid, Link, Stack } from '@mui/material';
import { foreignLabel } from '@ptd/contracts';
import type { Ref, ReactNode } from 'react';
import { RouterLink } from '@/lib/navigation.tsx';
import { EmptyState } from '@/components/empty-state.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { LoadingState } from '@/components/loading-state.tsx';
import { NotFoundPage } from '@/components/not-found-page.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useSession } from '@/lib/auth/session.ts';
import { useDocumentTitle } from '@/lib/document-title.ts';
import { isNoSuchStream, useStream } from '../api/get-stream.ts';
import type { AppliedPlaybackToken } from '../applied-token.ts';
import { StreamFactsCard, StreamIngestCard } from './stream-details-cards.tsx';
import { StreamPlayoutsCard } from './stream-playouts-card.tsx';
import { StreamStateChip } from './stream-state-chip.tsx';

interface StreamOverviewProps {
  streamId: string;
  /** A token created on this page, applied to the playout URL and snippet. */
  token: AppliedPlaybackToken | null;
  onRemoveToken: () => void;
  /** "Create secure playback token", for those who may (or why they cannot). */
  actions?: ReactNode;
  /** The same, in the Playouts section. */
  playoutsAction?: ReactNode;
  playoutsHeadingRef?: Ref<HTMLHeadingElement>;
}

/** One stream: state, tags, ingest data and the playouts. */
export function StreamOverview({
  streamId,
  token,
  onRemoveToken,
  actions,
  playoutsAction,
  playoutsHeadingRef,
}: StreamOverviewProps) {
  const session = useSession().data;
  const query = useStream(streamId);
  const notFound = isNoSuchStream(query.error);
  const name = query.data?.name;
  useDocumentTitle(
    notFound
      ? 'Stream not found'
      : name === undefined
        ? undefined
        : `${foreignLabel(name)} · Streams`,
  );

  const breadcrumbs = (
    <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 1 }}>
      <Link component={RouterLink} to="/streams">
        Streams
      </Link>
      <span aria-current="page">
        <ForeignText value={query.data?.name ?? streamId} />
      </span>
    </Breadcrumbs>
  );

  if (query.isPending) return <LoadingState label="Loading the stream…" />;
  if (notFound) {
    return (
      <NotFoundPage
        title="Stream not found"
        description="Your organisation has no stream at this address. It may have been deleted, or the link is mistyped."
      />
    );
  }
  if (query.isError) {
    return (
      <Stack spacing={2}>
        {breadcrumbs}
        <EmptyState
          title="The stream could not be loaded"
          description="The reason is shown at the bottom of the screen."
          action={
            <Button variant="outlined" onClick={() => query.refetch()}>
              Try again
            </Button>
          }
        />
      </Stack>
    );
  }

  const stream = query.data;
  return (
    <Stack spacing={3}>
      <PageHeader
        overline={breadcrumbs}
        title={<ForeignText value={stream.name} />}
        description={
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 0.5 }}>
            <StreamStateChip state={stream.state} />
            {stream.abr && <Chip size="small" label="ABR" variant="outlined" />}
            {stream.tags.map((tag) => (
              <Chip key={tag} size="small" label={<ForeignText value={tag} />} />
            ))}
          </Box>
        }
        actions={actions}
      />
      {stream.state === 'locked' && (
        <Alert severity="warning" role="note">
          This stream is locked: it cannot be ingested or played.
        </Alert>
      )}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <StreamIngestCard stream={stream} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <StreamFactsCard stream={stream} />
        </Grid>
        <Grid size={12}>
          {session && (
            <StreamPlayoutsCard
              stream={stream}
              player={session.player}
              securePackage={session.organisation.securePackage}
              token={token}
              onRemoveToken={onRemoveToken}
              headingRef={playoutsHeadingRef}
              action={playoutsAction}
            />
          )}
        </Grid>
      </Grid>
    </Stack>
  );
}
