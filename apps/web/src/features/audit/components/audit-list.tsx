import { Box, CardContent, Chip, Link, Stack, Typography } from '@mui/material';
import type { AuditEntry } from '@ptd/contracts';
import { foreignLabel, staffSummarySchema } from '@ptd/contracts';
import { EmailAddress, withEmailAddresses } from '@/components/email-address.tsx';
import { CardList } from '@/components/list-page/card-list.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { ShortId } from '@/components/short-id.tsx';
import { ListTable, type ListColumn } from '@/components/list-page/list-table.tsx';
import { RouterLink } from '@/lib/navigation.tsx';
import { formatRelative } from '@/lib/format.ts';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { monospace } from '@/lib/theme.ts';
import { ACTION_LABELS, ACTION_TONE, detailEntries } from './audit-labels.ts';
import { StackedTime } from '@/components/stacked-time.tsx';
import { Fragment } from 'react';

/** Staff members and policies by id, to name an entry's subject: "staff ID" or "policy ID". */
export type SubjectNames = ReadonlyMap<string, { name: string; kind: string }>;

const columns = (names: SubjectNames): ListColumn<AuditEntry>[] => [
  { header: 'When', cell: (entry) => <When value={entry.at} />, cellSx: { whiteSpace: 'nowrap' } },
  // Room for a usual address on one line; a longer one wraps after its "@".
  { header: 'Who', cell: (entry) => <Actor entry={entry} />, cellSx: { minWidth: 170 } },
  { header: 'Action', cell: (entry) => <ActionChip action={entry.action} /> },
  {
    header: 'Subject',
    cell: (entry) => <Subject entry={entry} names={names} />,
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
        {Object.keys(entry.details).length > 0 ? <Details details={entry.details} /> : '—'}
      </Typography>
    ),
    cellSx: { maxWidth: 360, overflowWrap: 'anywhere' },
  },
];

export function AuditList({
  items,
  compact,
  names = new Map(),
}: {
  items: AuditEntry[];
  compact: boolean;
  names?: SubjectNames;
}) {
  if (compact)
    return (
      <CardList
        label="Audit log"
        items={items}
        card={(entry) => <AuditCard entry={entry} names={names} />}
      />
    );
  return (
    <ListTable
      label="Audit log"
      items={items}
      columns={columns(names)}
      tableSx={{ minWidth: 980 }}
      rowSx={{ verticalAlign: 'top', '& > td': { py: 1.25 } }}
    />
  );
}

function AuditCard({ entry, names }: { entry: AuditEntry; names: SubjectNames }) {
  return (
    <CardContent>
      <Stack spacing={1} sx={{ alignItems: 'flex-start', mb: 1.5 }}>
        <ActionChip action={entry.action} />
        <When value={entry.at} />
      </Stack>
      <Actor entry={entry} />
      {entry.subject && (
        <Typography variant="body2" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          Subject: <Subject entry={entry} names={names} />
        </Typography>
      )}
      {entry.ip && (
        <Typography variant="body2" color="text.secondary">
          IP {entry.ip}
        </Typography>
      )}
      {Object.keys(entry.details).length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          <Details details={entry.details} />
        </Typography>
      )}
    </CardContent>
  );
}

/**
 * "role: editor → admin · email: …", each value isolated from the next; a person (who stopped
 * a revoke by filter) by name and email, as the Who column names people.
 */
function Details({ details }: { details: AuditEntry['details'] }) {
  const values = Object.values(details);
  return detailEntries(details).map(([key, value], index) => {
    const person = staffSummarySchema.safeParse(values[index]);
    return (
      <Fragment key={key}>
        {index > 0 && ' · '}
        {key}:{' '}
        {person.success ? (
          <>
            <ForeignText value={person.data.displayName} /> (
            <EmailAddress value={person.data.email} />)
          </>
        ) : (
          withEmailAddresses(value)
        )}
      </Fragment>
    );
  });
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
      <Typography variant="body2">
        <ForeignText value={entry.actor.displayName} />
      </Typography>
      <Typography variant="caption" color="text.secondary">
        <EmailAddress value={entry.actor.email} />
      </Typography>
    </Box>
  );
}

/**
 * Token subjects link to the token's record in the overview, batches to their page; a staff
 * member or policy still known is named, its id beside the name to copy.
 */
function Subject({ entry, names }: { entry: AuditEntry; names: SubjectNames }) {
  const value = entry.subject;
  if (!value) return <>—</>;
  const named = names.get(value);
  if (named) {
    return (
      <Box component="span" sx={{ display: 'inline-flex', flexDirection: 'column' }}>
        <ForeignText value={named.name} />
        <Typography component="span" variant="caption" sx={{ fontFamily: monospace }}>
          <ShortId value={value} label={named.kind} />
        </Typography>
      </Box>
    );
  }
  // A refused sign-in's subject is the email address it was tried with.
  const text = (
    <Box component="span" sx={{ fontFamily: monospace, fontSize: 13 }}>
      {value.includes('@') ? <EmailAddress value={value} /> : <ForeignText value={value} />}
    </Box>
  );
  if (LINKS_TO_BATCH.has(entry.action)) {
    return (
      <Link
        component={RouterLink}
        to={`/tokens/bulk/${encodeURIComponent(value)}`}
        aria-label={`Batch ${foreignLabel(value)}`}
      >
        {text}
      </Link>
    );
  }
  if (!LINKS_TO_TOKEN.has(entry.action)) return text;
  return (
    <Link
      component={RouterLink}
      to={`/tokens?record=${encodeURIComponent(value)}`}
      aria-label={`Token ${foreignLabel(value)}`}
    >
      {text}
    </Link>
  );
}

const LINKS_TO_TOKEN = new Set<AuditEntry['action']>(['token.create', 'token.revoke']);
/** A batch's page: its progress, and its tokens' one download for whoever lost the tab. */
const LINKS_TO_BATCH = new Set<AuditEntry['action']>([
  'batch.create',
  'batch.finish',
  'batch.cancel',
  'batch.retry',
  'batch.resume',
  'batch.download',
]);

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
