import DownloadIcon from '@mui/icons-material/Download';
import HistoryIcon from '@mui/icons-material/History';
import {
  Box,
  Button,
  MenuItem,
  Paper,
  Stack,
  TextField,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { AUDIT_ACTIONS } from '@ptd/contracts';
import { useMemo } from 'react';
import { ClearFiltersButton } from '@/components/list-page/clear-filters-button.tsx';
import { ListEmptyState } from '@/components/list-page/list-empty-state.tsx';
import { NumberedPagination } from '@/components/list-page/list-pagination.tsx';
import { ListPanel } from '@/components/list-page/list-panel.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useListParams } from '@/components/list-page/use-list-params.ts';
import { exportUrl } from '@/lib/export-url.ts';
import { useStaffList } from '@/features/staff/api/list-staff.ts';
import { useAuditList } from '../api/list-audit.ts';
import { auditPageFilterSchema, auditPageQuerySchema, toAuditQuery } from './audit-filters.ts';
import { AuditList } from './audit-list.tsx';
import { ACTION_LABELS } from './audit-labels.ts';

// Show "All actions" / "Anyone" in the closed select instead of an empty box.
const showEmpty = { select: { displayEmpty: true }, inputLabel: { shrink: true } } as const;

const LIST_PARAMS = {
  schema: auditPageQuerySchema,
  filters: auditPageFilterSchema,
  position: 'page',
} as const;

/**
 * Who did what and when: sign-ins, tokens, streams and staff changes. Admins only (the router's
 * guard keeps everyone else out).
 */
export function AuditPage() {
  const { query: filters, update, clearFilters, hasFilters } = useListParams(LIST_PARAMS);
  const query = useMemo(() => toAuditQuery(filters), [filters]);
  const log = useAuditList(query);
  // The actor filter lists the staff accounts; the log also takes an email for past accounts.
  const staff = useStaffList();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));

  const { page: _page, pageSize: _size, ...exportFilter } = query;
  const actorOptions = staff.data ?? [];
  const actorKnown = !filters.actor || actorOptions.some((member) => member.id === filters.actor);

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Audit log"
        description="Every sign-in, token, stream and staff change, newest first. Tokens and passwords are never recorded."
        actions={
          <Button
            variant="outlined"
            startIcon={<DownloadIcon />}
            href={exportUrl('/audit/export.csv', exportFilter)}
            download
            sx={{ whiteSpace: 'nowrap' }}
          >
            Export CSV
          </Button>
        }
      />

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
            value={filters.from ?? ''}
            onChange={(event) => update({ from: event.target.value })}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: filters.to } }}
          />
          <TextField
            type="date"
            label="To"
            value={filters.to ?? ''}
            onChange={(event) => update({ to: event.target.value })}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: filters.from } }}
          />
          <ClearFiltersButton disabled={!hasFilters} onClick={clearFilters} />
        </Box>
      </Paper>

      <ListPanel
        query={log}
        labels={{
          loading: 'Loading the audit log…',
          updating: 'Updating the audit log',
          failed: 'The audit log could not be loaded.',
        }}
        isEmpty={(data) => data.total === 0}
        empty={
          <ListEmptyState
            filtered={hasFilters}
            onClear={clearFilters}
            icon={<HistoryIcon />}
            none={{
              title: 'Nothing recorded yet',
              description:
                'Sign-ins, tokens, streams and staff changes appear here as they happen.',
            }}
            unmatched={{
              title: 'No entries match these filters',
              description: 'Try another action, person or dates, or clear the filters.',
            }}
          />
        }
      >
        {(data) => (
          <>
            <AuditList items={data.items} compact={compact} />
            <NumberedPagination
              total={data.total}
              page={filters.page}
              pageSize={filters.pageSize}
              compact={compact}
              onChange={update}
            />
          </>
        )}
      </ListPanel>
    </Stack>
  );
}
