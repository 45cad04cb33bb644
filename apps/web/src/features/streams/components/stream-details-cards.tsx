import { Box, Card, CardContent, Stack, Typography } from '@mui/material';
import type { Stream } from '@ptd/contracts';
import { CopyField } from '@/components/copy-field.tsx';
import { DateTime } from '@/components/date-time.tsx';
import { DetailList } from '@/components/detail-list.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { streamKind } from './stream-kind.ts';

/** Where the encoder sends the stream. */
export function StreamIngestCard({ stream }: { stream: Stream }) {
  return (
    <Card component="section" aria-labelledby="ingest-heading" sx={{ height: '100%' }}>
      <CardContent>
        <Typography id="ingest-heading" variant="h2" gutterBottom>
          Ingest
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Point your encoder (e.g. OBS) at this RTMP server with this stream name.
        </Typography>
        <Stack spacing={2}>
          <CopyField label="RTMP URL" value={stream.ingest.rtmpUrl} />
          <CopyField label="Stream name" value={stream.ingest.streamName} />
        </Stack>
      </CardContent>
    </Card>
  );
}

/** Identity of the stream: ids, type, renditions, creation time. */
export function StreamFactsCard({ stream }: { stream: Stream }) {
  const renditions = stream.playout.filter((entry) => entry.profile);
  return (
    <Card component="section" aria-labelledby="details-heading" sx={{ height: '100%' }}>
      <CardContent>
        <Typography id="details-heading" variant="h2" sx={{ mb: 2 }}>
          Details
        </Typography>
        <DetailList
          labelWidth={120}
          items={[
            { label: 'Type', value: streamKind(stream) },
            { label: 'Created', value: <DateTime value={stream.createdAt} /> },
            {
              label: 'Stream ID',
              value: <CopyField label="Stream ID" value={stream.id} hideLabel />,
            },
            ...(stream.groupId !== stream.id
              ? [
                  {
                    label: 'Group ID',
                    value: <CopyField label="Group ID" value={stream.groupId} hideLabel />,
                  },
                ]
              : []),
            ...(renditions.length > 0
              ? [
                  {
                    label: 'Renditions',
                    value: <Renditions entries={renditions} />,
                  },
                ]
              : []),
          ]}
        />
      </CardContent>
    </Card>
  );
}

/**
 * Stream names and profiles are identifiers: each stays on one line (a rendition wraps between
 * them, never at a hyphen inside one), cut with an ellipsis only when wider than the card, the
 * whole in its title.
 */
function Whole({ text, title, secondary }: { text: string; title: string; secondary?: boolean }) {
  return (
    <Box
      component="span"
      title={title}
      sx={{
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        maxWidth: '100%',
        color: secondary ? 'text.secondary' : undefined,
      }}
    >
      <ForeignText value={text} />
    </Box>
  );
}

/** The renditions of an ABR group, one a line: the stream's name and its transcoding profile. */
function Renditions({ entries }: { entries: Stream['playout'] }) {
  return (
    <Box component="ul" aria-label="Renditions" sx={{ m: 0, p: 0, listStyle: 'none' }}>
      {entries.map((entry) => (
        <Box
          component="li"
          key={entry.id}
          sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 0.75, minWidth: 0 }}
        >
          <Whole text={entry.streamName} title={entry.streamName} />
          {entry.profile && <Whole text={`(${entry.profile})`} title={entry.profile} secondary />}
        </Box>
      ))}
    </Box>
  );
}
