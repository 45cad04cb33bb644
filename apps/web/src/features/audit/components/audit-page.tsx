import DownloadIcon from '@mui/icons-material/Download';
import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import HistoryIcon from '@mui/icons-material/History';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  LinearProgress,
  MenuItem,
  Paper,
  Stack,
  TablePagination,
  TextField,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { AUDIT_ACTIONS } from '@ptd/contracts';
import { useMemo } from 'react';
import { exportUrl } from '../../../lib/export-url.ts';
import { useSearchParams } from '../../../lib/navigation.tsx';
import { useStaffList } from '../../staff/api/list-staff.ts';
import { useAuditList } from '../api/list-audit.ts';
import { parseAuditFilters, toAuditQuery, type AuditPageFilters } from './audit-filters.ts';
import { AuditList } from './audit-list.tsx';
import { ACTION_LABELS } from './audit-labels.ts';

// Show "All actions" / "Anyone" in the closed select instead of an empty box.
const showEmpty = { select: { displayEmpty: true }, inputLabel: { shrink: true } } as const;

/**
 * Who did what and when: sign-ins, tokens, streams and staff changes. Admins only (the router's
 * guard keeps everyone else out).
 */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(params), [params]);
  const query = useMemo(() => toAuditQuery(filters), [filters]);
  const log = useAuditList(query);
  // The actor filter lists the staff accounts; the log also takes an email for past accounts.
  const staff = useStaffList();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));

  const update = (changes: Partial<Record<keyof AuditPageFilters, string | number | undefined>>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [name, value] of Object.entries(changes)) {
        const key = name === 'fromDay' ? 'from' : name === 'toDay' ? 'to' : name;
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });

  const filtered = [filters.action, filters.actor, filters.fromDay, filters.toDay].some(
    (value) => value !== undefined,
  );
  const clearAll = { action: undefined, actor: undefined, fromDay: undefined, toDay: undefined };
  const { page: _page, pageSize: _size, ...exportFilter } = query;
  const actorOptions = staff.data ?? [];
  const actorKnown = !filters.actor || actorOptions.some((member) => member.id === filters.actor);

  return (
    <Stack spacing={2.5}>
      <Box
        sx={{
          display: 'flex',
          alignItems: { xs: 'stretch', sm: 'flex-start' },
          justifyContent: 'space-between',
          flexDirection: { xs: 'column', sm: 'row' },
          gap: 2,
        }}
      >
        <Box>
          <Typography variant="h1" gutterBottom>
            Audit log
          </Typography>
          <Typography color="text.secondary">
            Every sign-in, token, stream and staff change, newest first. Tokens and passwords are
            never recorded.
          </Typography>
        </Box>
        <Button
          variant="outlined"
          startIcon={<DownloadIcon />}
          href={exportUrl('/audit/export.csv', exportFilter)}
          download
          sx={{ flexShrink: 0, whiteSpace: 'nowrap' }}
        >
          Export CSV
        </Button>
      </Box>

      <Paper variant="outlined" component="section" aria-label="Filters" sx={{ p: 2 }}>
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: {
              xs: '1fr',
              sm: 'repeat(2, minmax(0, 1fr))',
              lg: 'repeat(4, minmax(0, 1fr)) auto',
            },
            alignItems: 'center',
          }}
        >
          <TextField
            select
            label="Action"
            value={filters.action ?? ''}
            onChange={(event) => update({ action: event.target.value })}
            slotProps={showEmpty}
          >
            <MenuItem value="">All actions</MenuItem>
            {AUDIT_ACTIONS.map((action) => (
              <MenuItem key={action} value={action}>
                {ACTION_LABELS[action]}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label="Who"
            value={filters.actor ?? ''}
            onChange={(event) => update({ actor: event.target.value })}
            slotProps={showEmpty}
          >
            <MenuItem value="">Anyone</MenuItem>
            {actorOptions.map((member) => (
              <MenuItem key={member.id} value={member.id}>
                {member.displayName} ({member.email})
              </MenuItem>
            ))}
            {!actorKnown && <MenuItem value={filters.actor}>{filters.actor}</MenuItem>}
          </TextField>
          <TextField
            type="date"
            label="From"
            value={filters.fromDay ?? ''}
            onChange={(event) => update({ fromDay: event.target.value })}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: filters.toDay } }}
          />
          <TextField
            type="date"
            label="To"
            value={filters.toDay ?? ''}
            onChange={(event) => update({ toDay: event.target.value })}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: filters.fromDay } }}
          />
          <Button
            startIcon={<FilterAltOffIcon />}
            disabled={!filtered}
            onClick={() => update(clearAll)}
            sx={{ justifySelf: 'start' }}
          >
            Clear filters
          </Button>
        </Box>
      </Paper>

      <Paper variant="outlined" sx={{ position: 'relative', overflow: 'hidden' }}>
        {log.isFetching && log.data && (
          <LinearProgress
            aria-label="Updating the audit log"
            sx={{ position: 'absolute', top: 0, left: 0, right: 0 }}
          />
        )}
        {log.isPending ? (
          <Box
            sx={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 2, py: 8 }}
          >
            <CircularProgress size={28} aria-label="Loading the audit log" />
            <Typography color="text.secondary">Loading the audit log…</Typography>
          </Box>
        ) : log.isError && !log.data ? (
          <Box sx={{ p: 3 }}>
            <Alert
              severity="error"
              action={
                <Button color="inherit" size="small" onClick={() => log.refetch()}>
                  Try again
                </Button>
              }
            >
              The audit log could not be loaded.
            </Alert>
          </Box>
        ) : log.data.total === 0 ? (
          <Box sx={{ textAlign: 'center', px: 3, py: 8 }}>
            <HistoryIcon color="disabled" sx={{ fontSize: 48, mb: 1 }} />
            <Typography variant="h2" gutterBottom>
              {filtered ? 'No entries match these filters' : 'Nothing recorded yet'}
            </Typography>
            <Typography color="text.secondary" sx={{ mb: filtered ? 3 : 0 }}>
              {filtered
                ? 'Try another action, person or dates, or clear the filters.'
                : 'Sign-ins, tokens, streams and staff changes appear here as they happen.'}
            </Typography>
            {filtered && (
              <Button
                variant="outlined"
                startIcon={<FilterAltOffIcon />}
                onClick={() => update(clearAll)}
              >
                Clear filters
              </Button>
            )}
          </Box>
        ) : (
          <>
            <AuditList items={log.data.items} compact={compact} />
            <TablePagination
              component="div"
              count={log.data.total}
              page={Math.max(0, filters.page - 1)}
              rowsPerPage={filters.pageSize}
              rowsPerPageOptions={[10, 25, 50, 100]}
              labelRowsPerPage={compact ? 'Per page' : 'Rows per page'}
              onPageChange={(_, page) => update({ page: page + 1 })}
              onRowsPerPageChange={(event) => update({ pageSize: event.target.value })}
              sx={{ borderTop: 1, borderColor: 'divider' }}
            />
          </>
        )}
      </Paper>
    </Stack>
  );
}
