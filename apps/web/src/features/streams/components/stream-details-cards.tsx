import { Card, CardContent, Stack, Typography } from '@mui/material';
import type { Stream } from '@ptd/contracts';
import { CopyField } from '@/components/copy-field.tsx';
import { DateTime } from '@/components/date-time.tsx';
import { DetailList } from '@/components/detail-list.tsx';
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
                    value: renditions
                      .map((entry) => `${entry.streamName} (${entry.profile ?? ''})`)
                      .join(', '),
                  },
                ]
              : []),
          ]}
        />
      </CardContent>
    </Card>
  );
}
