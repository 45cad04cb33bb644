import { Box, CardContent, Chip, Link, Stack, Typography } from '@mui/material';
import type { AuditEntry } from '@ptd/contracts';
import { EmailAddress, withEmailAddresses } from '@/components/email-address.tsx';
import { CardList } from '@/components/list-page/card-list.tsx';
import { ListTable, type ListColumn } from '@/components/list-page/list-table.tsx';
import { RouterLink } from '@/lib/navigation.tsx';
import { formatRelative } from '@/lib/format.ts';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { monospace } from '@/lib/theme.ts';
import { ACTION_LABELS, ACTION_TONE, summariseDetails } from './audit-labels.ts';
import { StackedTime } from '@/components/stacked-time.tsx';

const COLUMNS: ListColumn<AuditEntry>[] = [
  { header: 'When', cell: (entry) => <When value={entry.at} />, cellSx: { whiteSpace: 'nowrap' } },
  { header: 'Who', cell: (entry) => <Actor entry={entry} /> },
  { header: 'Action', cell: (entry) => <ActionChip action={entry.action} /> },
  {
    header: 'Subject',
    cell: (entry) => <Subject entry={entry} />,
    cellSx: { maxWidth: 200, overflowWrap: 'anywhere' },
  },
  {
    header: 'IP',
    cell: (entry) => entry.ip ?? '—',
    cellSx: { fontFamily: monospace, fontSize: 13, whiteSpace: 'nowrap' },
  },
  {
    header: 'Details',
    cell: (entry) => (
      <Typography variant="body2" color="text.secondary">
        {withEmailAddresses(summariseDetails(entry.details)) || '—'}
      </Typography>
    ),
    cellSx: { maxWidth: 360, overflowWrap: 'anywhere' },
  },
];

export function AuditList({ items, compact }: { items: AuditEntry[]; compact: boolean }) {
  if (compact)
    return (
      <CardList label="Audit log" items={items} card={(entry) => <AuditCard entry={entry} />} />
    );
  return (
    <ListTable
      label="Audit log"
      items={items}
      columns={COLUMNS}
      tableSx={{ minWidth: 980 }}
      rowSx={{ verticalAlign: 'top', '& > td': { py: 1.25 } }}
    />
  );
}

function AuditCard({ entry }: { entry: AuditEntry }) {
  const details = summariseDetails(entry.details);
  return (
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
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          {withEmailAddresses(details)}
        </Typography>
      )}
    </CardContent>
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
      <Typography variant="caption" color="text.secondary">
        <EmailAddress value={entry.actor.email} />
      </Typography>
    </Box>
  );
}

/** Token subjects link to the token's record in the overview. */
function Subject({ entry }: { entry: AuditEntry }) {
  const value = entry.subject;
  if (!value) return <>—</>;
  // A refused sign-in's subject is the email address it was tried with.
  const text = (
    <Box component="span" sx={{ fontFamily: monospace, fontSize: 13 }}>
      {value.includes('@') ? <EmailAddress value={value} /> : value}
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
