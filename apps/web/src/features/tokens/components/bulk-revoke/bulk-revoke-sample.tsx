import {
  Box,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import type { TokenRecord } from '@ptd/contracts';
import { ForeignText } from '@/components/foreign-text.tsx';
import { groupIdOf } from '@/components/stream-group-name.tsx';
import { StackedTime } from '@/components/stacked-time.tsx';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { describeTarget } from '@/lib/describe-target.ts';
import { useStreamGroup } from '@/features/tokens/api/stream-groups.ts';
import { TargetText } from '../overview/token-display.tsx';

/** "vip · user-42" on one line: each value isolated, shown with its control characters. */
export function TagAndUser({ tag, user }: { tag: string | null; user: string | null }) {
  return (
    <>
      {tag ? <ForeignText value={tag} /> : 'No tag'}
      {user && (
        <>
          {' · '}
          <ForeignText value={user} />
        </>
      )}
    </>
  );
}

/**
 * "expires 2 Dec 2026 19:41 (2026-12-02 18:41:52 UTC)": in the zone the tables show, with the
 * other zone's instant kept on one line (a date does not break at its hyphens).
 */
export function Expires({ value }: { value: string }) {
  const time = useTableTime();
  return (
    <>
      expires <time dateTime={value}>{time.short(value)}</time>{' '}
      <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
        ({time.otherLong(value)})
      </Box>
    </>
  );
}

/** The target on one line: a stream group by its streams' name, as the token list names it. */
function TargetLine({ target }: { target: TokenRecord['target'] }) {
  const group = useStreamGroup(groupIdOf(target)).data;
  if (target.type !== 'group' || !group?.name) return describeTarget(target);
  return (
    <>
      <ForeignText value={group.name} /> (stream group)
    </>
  );
}

/** A few of the tokens a revoke by filter covers, so that the person sees what they are. */
export function BulkRevokeSample({ sample, count }: { sample: TokenRecord[]; count: number }) {
  // Four columns do not fit a phone: one token per line there.
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  // In the zone the staff member chose, the other one beside it: never a time without a zone.
  const time = useTableTime();
  const more = count > sample.length && (
    <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
      and {(count - sample.length).toLocaleString()} more.
    </Typography>
  );
  if (compact) {
    return (
      <>
        <List dense disablePadding aria-label="Tokens that will be revoked">
          {sample.map((record) => (
            <ListItem key={record.id} disableGutters divider>
              <ListItemText
                primary={<TagAndUser tag={record.tag} user={record.user} />}
                secondary={
                  <>
                    <TargetLine target={record.target} /> · <Expires value={record.expiresAt} />
                  </>
                }
                slotProps={{ primary: { sx: { overflowWrap: 'anywhere' } } }}
              />
            </ListItem>
          ))}
        </List>
        {more}
      </>
    );
  }
  return (
    <>
      <Table size="small" aria-label="Tokens that will be revoked" sx={{ tableLayout: 'fixed' }}>
        <TableHead>
          <TableRow>
            <TableCell>Tag</TableCell>
            <TableCell>User</TableCell>
            <TableCell>Target</TableCell>
            <TableCell>Expires</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sample.map((record) => (
            <TableRow key={record.id}>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                {record.tag ? <ForeignText value={record.tag} /> : '—'}
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                {record.user ? <ForeignText value={record.user} /> : '—'}
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                <TargetText target={record.target} />
              </TableCell>
              <TableCell>
                <StackedTime
                  value={record.expiresAt}
                  primary={time.short(record.expiresAt)}
                  secondary={time.otherLong(record.expiresAt)}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {more}
    </>
  );
}
