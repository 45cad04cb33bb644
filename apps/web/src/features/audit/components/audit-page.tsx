import HistoryIcon from '@mui/icons-material/History';
import { Stack, useMediaQuery, type Theme } from '@mui/material';
import { AUDIT_ACTIONS } from '@ptd/contracts';
import { useMemo } from 'react';
import { EmailAddress } from '@/components/email-address.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { ClearFiltersButton, ExportCsvButton } from '@/components/list-page/list-actions.tsx';
import {
  FilterDate,
  FilterGrid,
  FilterPanel,
  FilterSelect,
} from '@/components/list-page/filter-fields.tsx';
import { NumberedListPanel } from '@/components/list-page/list-pagination.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { useListParams } from '@/components/list-page/use-list-params.ts';
import { useStaffList } from '@/features/staff/api/list-staff.ts';
import { usePolicies } from '@/features/policies/api/list-policies.ts';
import { useAuditList } from '../api/list-audit.ts';
import { auditPageFilterSchema, auditPageQuerySchema, toAuditQuery } from './audit-filters.ts';
import { AuditList, type SubjectNames } from './audit-list.tsx';
import { ACTION_LABELS } from './audit-labels.ts';

const ACTION_OPTIONS = AUDIT_ACTIONS.map((action) => ({
  value: action,
  label: ACTION_LABELS[action],
}));

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
  const params = useListParams(LIST_PARAMS);
  const { query: filters, update, clearFilters, hasFilters } = params;
  const query = useMemo(() => toAuditQuery(filters), [filters]);
  const log = useAuditList(query);
  // The actor filter lists the staff accounts; the log also takes an email for past accounts.
  const staff = useStaffList();
  const policies = usePolicies();
  const names: SubjectNames = useMemo(
    () =>
      new Map<string, { name: string; kind: string }>([
        ...(staff.data ?? []).map(
          (member) => [member.id, { name: member.displayName, kind: 'staff ID' }] as const,
        ),
        ...(policies.data ?? []).map(
          (policy) => [policy.id, { name: policy.name, kind: 'policy ID' }] as const,
        ),
      ]),
    [staff.data, policies.data],
  );
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));

  const { page: _page, pageSize: _size, ...exportFilter } = query;
  const actorOptions = useMemo(
    () =>
      (staff.data ?? []).map((member) => ({
        value: member.id,
        label: (
          <>
            <ForeignText value={member.displayName} /> (<EmailAddress value={member.email} />)
          </>
        ),
      })),
    [staff.data],
  );

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Audit log"
        description="Every sign-in, token, stream and staff change, newest first. Tokens and passwords are never recorded."
        actions={<ExportCsvButton path="/audit/export.csv" query={exportFilter} />}
      />

      <FilterPanel>
        <FilterGrid
          columns={{
            xs: '1fr',
            sm: 'repeat(2, minmax(0, 1fr))',
            lg: 'repeat(4, minmax(0, 1fr)) auto',
          }}
        >
          <FilterSelect
            label="Action"
            value={filters.action}
            empty="All actions"
            options={ACTION_OPTIONS}
            onChange={(action) => update({ action })}
          />
          <FilterSelect
            label="Who"
            value={filters.actor}
            empty="Anyone"
            options={actorOptions}
            onChange={(actor) => update({ actor })}
          />
          <FilterDate
            label="From"
            value={filters.from}
            max={filters.to}
            onChange={(from) => update({ from })}
          />
          <FilterDate
            label="To"
            value={filters.to}
            min={filters.from}
            onChange={(to) => update({ to })}
          />
          <ClearFiltersButton disabled={!hasFilters} onClick={clearFilters} />
        </FilterGrid>
      </FilterPanel>

      <NumberedListPanel
        query={log}
        params={params}
        compact={compact}
        labels={{
          loading: 'Loading the audit log…',
          updating: 'Updating the audit log',
          failed: 'The audit log could not be loaded.',
        }}
        empty={{
          icon: <HistoryIcon />,
          none: {
            title: 'Nothing recorded yet',
            description: 'Sign-ins, tokens, streams and staff changes appear here as they happen.',
          },
          unmatched: {
            title: 'No entries match these filters',
            description: 'Try another action, person or dates, or clear the filters.',
          },
        }}
      >
        {(data) => <AuditList items={data.items} compact={compact} names={names} />}
      </NumberedListPanel>
    </Stack>
  );
}
