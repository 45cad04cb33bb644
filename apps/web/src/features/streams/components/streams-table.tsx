import { Box, Chip, Link, Typography } from '@mui/material';
import { ListTable, type ListColumn } from '@/components/list-page/list-table.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import type { Stream } from '@ptd/contracts';
import { navigate, RouterLink } from '@/lib/navigation.tsx';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { monospace } from '@/lib/theme.ts';
import { streamKind } from './stream-kind.ts';
import { StreamStateChip } from './stream-state-chip.tsx';

// Columns a phone has no room for.
const wide = { display: { xs: 'none', md: 'table-cell' } } as const;
const medium = { display: { xs: 'none', sm: 'table-cell' } } as const;

/** One row per stream; the name links to the stream's overview (the whole row is clickable). */
export function StreamsTable({ items }: { items: Stream[] }) {
  const time = useTableTime();
  const columns: ListColumn<Stream>[] = [
    {
      header: 'Name',
      cell: (stream) => (
        <Link
          component={RouterLink}
          to={`/streams/${stream.id}`}
          sx={{ fontFamily: monospace, fontWeight: 600 }}
        >
          <ForeignText value={stream.name} />
        </Link>
      ),
    },
    { header: 'State', cell: (stream) => <StreamStateChip state={stream.state} /> },
    { header: 'Type', cell: streamKind, sx: medium },
    {
      header: 'Tags',
      sx: wide,
      cell: (stream) =>
        stream.tags.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            —
          </Typography>
        ) : (
          <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
            {stream.tags.map((tag) => (
              <Chip key={tag} label={<ForeignText value={tag} />} size="small" />
            ))}
          </Box>
        ),
    },
    {
      header: 'Created',
      sx: medium,
      cell: (stream) => (
        <>
          <Box component="time" dateTime={stream.createdAt} sx={{ display: 'block' }}>
            {time.short(stream.createdAt)}
          </Box>
          <Typography variant="body2" color="text.secondary">
            {time.otherLong(stream.createdAt)}
          </Typography>
        </>
      ),
    },
  ];
  return (
    <ListTable
      label="Streams"
      items={items}
      columns={columns}
      size="medium"
      onRowClick={(stream, event) => {
        // The link handles its own clicks (and middle clicks, new tabs).
        if ((event.target as HTMLElement).closest('a')) return;
        navigate(`/streams/${stream.id}`);
      }}
    />
  );
}
