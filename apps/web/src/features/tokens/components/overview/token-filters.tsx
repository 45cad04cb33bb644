import FilterListIcon from '@mui/icons-material/FilterList';
import { Badge, Box, Button, Collapse, MenuItem, TextField } from '@mui/material';
import {
  TOKEN_STATUSES,
  tokenListQuerySchema,
  type StaffSummary,
  type TokenListQuery,
} from '@ptd/contracts';
import { useCallback, useId, useState } from 'react';
import { ForeignText } from '@/components/foreign-text.tsx';
import { ClearFiltersButton } from '@/components/list-page/list-actions.tsx';
import { maxLengthOf } from '@/lib/max-length.ts';
import {
  DebouncedTextField,
  FilterGrid,
  FilterPanel,
  FilterSelect,
} from '@/components/list-page/filter-fields.tsx';
import { CreatorFilter } from './creator-filter.tsx';
import { ExpiringFilter } from './expiring-filter.tsx';
import { TargetTypeFilter } from './target-type-filter.tsx';
import { STATUS_LABELS } from '@/components/token-status-chip.tsx';

export interface PolicyOption {
  id: string;
  name: string;
}

interface Props {
  filters: TokenListQuery;
  /** How many filters are set (the folded panel's badge). */
  active: number;
  /** The playback policies viewer tokens can be filtered by. */
  policies: PolicyOption[];
  /** Who may appear in "Created by": the signed-in user and the creators seen in the list. */
  creators: StaffSummary[];
  currentUserId: string | undefined;
  /** On a phone the fields fold away behind a "Filters" button, and sorting is a select here. */
  compact: boolean;
  onChange: (changes: Partial<Record<keyof TokenListQuery, string | undefined>>) => void;
  onClear: () => void;
}

const SORT_OPTIONS = [
  { value: 'createdAt:desc', label: 'Newest first' },
  { value: 'createdAt:asc', label: 'Oldest first' },
  { value: 'expiresAt:asc', label: 'Expiring soonest' },
  { value: 'expiresAt:desc', label: 'Expiring latest' },
] as const;

const STATUS_OPTIONS = TOKEN_STATUSES.map((status) => ({
  value: status,
  label: STATUS_LABELS[status],
}));
// Labels stay above the field, so the placeholder says what it matches.
const textSlots = { inputLabel: { shrink: true } } as const;
// No longer than the server takes: a longer value would be dropped from the query, and the
// list (and an export or revoke by filter) would cover every token while the field showed it.
const { shape } = tokenListQuerySchema;
const maxLength = {
  stream: maxLengthOf(shape.stream),
  tag: maxLengthOf(shape.tag),
  user: maxLengthOf(shape.user),
};

export function TokenFilters({
  filters,
  active,
  policies,
  creators,
  currentUserId,
  compact,
  onChange,
  onClear,
}: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  // Typed text matches any part: it replaces an exact stream filter (the chip above).
  const onStream = useCallback(
    (v: string) => onChange({ stream: v || undefined, streamMatch: undefined }),
    [onChange],
  );
  const onTag = useCallback((v: string) => onChange({ tag: v || undefined }), [onChange]);
  const onUser = useCallback((v: string) => onChange({ user: v || undefined }), [onChange]);
  const onCreator = useCallback((v: string | undefined) => onChange({ createdBy: v }), [onChange]);

  const clear = (
    <ClearFiltersButton
      onClick={onClear}
      disabled={active === 0}
      // On a row of its own at desktop widths: under the last column, where the row ends.
      sx={{
        justifySelf: { xs: 'start', lg: 'end' },
        alignSelf: 'center',
        gridColumn: { lg: '-2' },
      }}
    />
  );

  const fields = (
    <FilterGrid
      columns={{
        xs: '1fr',
        sm: 'repeat(2, minmax(0, 1fr))',
        md: 'repeat(3, minmax(0, 1fr))',
        lg: 'repeat(4, minmax(0, 1fr))',
      }}
      alignItems="start"
    >
      <FilterSelect
        label="Status"
        value={filters.status}
        empty="All statuses"
        options={STATUS_OPTIONS}
        onChange={(status) => onChange({ status })}
      />
      <DebouncedTextField
        label="Stream"
        placeholder="Any part"
        value={(filters.streamMatch !== 'exact' && filters.stream) || ''}
        onCommit={onStream}
        slotProps={{
          ...textSlots,
          htmlInput: { spellCheck: false, autoComplete: 'off', maxLength: maxLength.stream },
        }}
      />
      <TargetTypeFilter
        value={filters.targetType}
        onChange={(targetType) => onChange({ targetType })}
      />
      <DebouncedTextField
        label="Tag"
        placeholder="Any part"
        value={filters.tag ?? ''}
        onCommit={onTag}
        slotProps={{ ...textSlots, htmlInput: { maxLength: maxLength.tag } }}
      />
      <DebouncedTextField
        label="User ID"
        placeholder="Any part"
        value={filters.user ?? ''}
        onCommit={onUser}
        slotProps={{ ...textSlots, htmlInput: { maxLength: maxLength.user } }}
      />
      <CreatorFilter
        value={filters.createdBy}
        currentUserId={currentUserId}
        creators={creators}
        onCommit={onCreator}
      />
      <FilterSelect
        label="Policy"
        value={filters.policy}
        empty="Any token"
        options={policies.map((policy) => ({
          value: policy.id,
          label: <ForeignText value={policy.name} />,
        }))}
        onChange={(policy) => onChange({ policy })}
      />
      <ExpiringFilter
        value={filters.expiringWithin}
        onChange={(seconds) => onChange({ expiringWithin: seconds?.toString() })}
      />
      {!compact && clear}
    </FilterGrid>
  );

  if (!compact) {
    return <FilterPanel>{fields}</FilterPanel>;
  }

  return (
    <FilterPanel dense>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center' }}>
        <Button
          variant="outlined"
          aria-label={active > 0 ? `Filters (${active} active)` : 'Filters'}
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((shown) => !shown)}
          startIcon={
            <Badge badgeContent={active} color="primary">
              <FilterListIcon />
            </Badge>
          }
          sx={{ flexShrink: 0 }}
        >
          Filters
        </Button>
        <TextField
          select
          label="Sort by"
          value={`${filters.sort}:${filters.order}`}
          onChange={(event) => {
            const [sort, order] = event.target.value.split(':');
            onChange({ sort, order });
          }}
        >
          {SORT_OPTIONS.map((option) => (
            <MenuItem key={option.value} value={option.value}>
              {option.label}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Collapse in={open} id={panelId}>
        <Box sx={{ pt: 2 }}>
          {fields}
          <Box sx={{ pt: 1 }}>{clear}</Box>
        </Box>
      </Collapse>
    </FilterPanel>
  );
}
