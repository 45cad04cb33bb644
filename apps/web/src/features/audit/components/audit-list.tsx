import {
  Box,
  CardContent,
  Chip,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { AuditEntry } from '@ptd/contracts';
import { CardList, CardListItem } from '@/components/list-page/card-list.tsx';
import { RouterLink } from '@/lib/navigation.tsx';
import { formatRelative } from '@/lib/format.ts';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { monospace } from '@/lib/theme.ts';
import { ACTION_LABELS, ACTION_TONE, summariseDetails } from './audit-labels.ts';
import { StackedTime } from '@/components/stacked-time.tsx';

export function AuditList({ items, compact }: { items: AuditEntry[]; compact: boolean }) {
  return compact ? <AuditCards items={items} /> : <AuditTable items={items} />;
}

function AuditTable({ items }: { items: AuditEntry[] }) {
  return (
    <TableContainer>
      <Table size="small" aria-label="Audit log" sx={{ minWidth: 980 }}>
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Who</TableCell>
            <TableCell>Action</TableCell>
            <TableCell>Subject</TableCell>
            <TableCell>IP</TableCell>
            <TableCell>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((entry) => (
            <TableRow key={entry.id} sx={{ verticalAlign: 'top', '& > td': { py: 1.25 } }}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <When value={entry.at} />
              </TableCell>
              <TableCell>
                <Actor entry={entry} />
              </TableCell>
              <TableCell>
                <ActionChip action={entry.action} />
              </TableCell>
              <TableCell sx={{ maxWidth: 200, overflowWrap: 'anywhere' }}>
                <Subject entry={entry} />
              </TableCell>
              <TableCell sx={{ fontFamily: monospace, fontSize: 13, whiteSpace: 'nowrap' }}>
                {entry.ip ?? '—'}
              </TableCell>
              <TableCell sx={{ maxWidth: 360, overflowWrap: 'anywhere' }}>
                <Typography variant="body2" color="text.secondary">
                  {summariseDetails(entry.details) || '—'}
                </Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function AuditCards({ items }: { items: AuditEntry[] }) {
  return (
    <CardList label="Audit log">
      {items.map((entry) => {
        const details = summariseDetails(entry.details);
        return (
          <CardListItem key={entry.id}>
            <CardContent>
              <Stack spacing={1} sx={{ alignItems: 'flex-start', mb: 1.5 }}>
                <ActionChip action={entry.action} />
                <When value={entry.at} />
              </Stack>
              <Actor entry={entry} />
              {entry.subject && (
                <Typography variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
                  Subject: <Subject entry={entry} />
                </Typography>
              )}
              {entry.ip && (
                <Typography variant="body2" color="text.secondary">
                  IP {entry.ip}
                </Typography>
              )}
              {details && (
                <Typography
                  variant="body2"
                  color="text.secondary"
                  sx={{ mt: 1, overflowWrap: 'anywhere' }}
                >
                  {details}
                </Typography>
              )}
            </CardContent>
          </CardListItem>
        );
      })}
    </CardList>
  );
}

function ActionChip({ action }: { action: AuditEntry['action'] }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={ACTION_TONE[action]}
      label={ACTION_LABELS[action]}
    />
  );
}

function Actor({ entry }: { entry: AuditEntry }) {
  if (!entry.actor) {
    return (
      <Typography variant="body2" color="text.secondary">
        {entry.action.startsWith('session.') ? 'Not signed in' : 'System'}
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2">{entry.actor.displayName}</Typography>
      <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {entry.actor.email}
      </Typography>
    </Box>
  );
}

/** Token subjects link to the token's record in the overview. */
function Subject({ entry }: { entry: AuditEntry }) {
  const value = entry.subject;
  if (!value) return <>—</>;
  const text = (
    <Box component="span" sx={{ fontFamily: monospace, fontSize: 13 }}>
      {value}
    </Box>
  );
  if (!LINKS_TO_TOKEN.has(entry.action)) return text;
  return (
    <Link
      component={RouterLink}
      to={`/tokens?record=${encodeURIComponent(value)}`}
      aria-label={`Token ${value}`}
    >
      {text}
    </Link>
  );
}

const LINKS_TO_TOKEN = new Set<AuditEntry['action']>(['token.create', 'token.revoke']);

function When({ value }: { value: string }) {
  const time = useTableTime();
  return (
    <StackedTime
      value={value}
      primary={time.long(value)}
      secondary={`${time.otherLong(value)} · ${formatRelative(value)}`}
    />
  );
}
