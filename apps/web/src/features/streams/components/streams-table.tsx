import {
  Box,
  Chip,
  Link,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
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
  return (
    <TableContainer>
      <Table aria-label="Streams" size="medium">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>State</TableCell>
            <TableCell sx={medium}>Type</TableCell>
            <TableCell sx={wide}>Tags</TableCell>
            <TableCell sx={medium}>Created</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((stream) => (
            <TableRow
              key={stream.id}
              hover
              onClick={(event) => {
                // The link handles its own clicks (and middle clicks, new tabs).
                if ((event.target as HTMLElement).closest('a')) return;
                navigate(`/streams/${stream.id}`);
              }}
              sx={{ cursor: 'pointer' }}
            >
              <TableCell>
                <Link
                  component={RouterLink}
                  to={`/streams/${stream.id}`}
                  sx={{ fontFamily: monospace, fontWeight: 600 }}
                >
                  {stream.name}
                </Link>
              </TableCell>
              <TableCell>
                <StreamStateChip state={stream.state} />
              </TableCell>
              <TableCell sx={medium}>{streamKind(stream)}</TableCell>
              <TableCell sx={wide}>
                {stream.tags.length === 0 ? (
                  <Typography variant="body2" color="text.secondary">
                    —
                  </Typography>
                ) : (
                  <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                    {stream.tags.map((tag) => (
                      <Chip key={tag} label={tag} size="small" />
                    ))}
                  </Box>
                )}
              </TableCell>
              <TableCell sx={medium}>
                <Box component="time" dateTime={stream.createdAt} sx={{ display: 'block' }}>
                  {time.short(stream.createdAt)}
                </Box>
                <Typography variant="body2" color="text.secondary">
                  {time.otherLong(stream.createdAt)}
                </Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
