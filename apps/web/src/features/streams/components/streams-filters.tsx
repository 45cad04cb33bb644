import SearchIcon from '@mui/icons-material/Search';
import { InputAdornment } from '@mui/material';
import {
  STREAM_SEARCH_MAX_LENGTH,
  STREAM_STATES,
  streamListQuerySchema,
  type StreamListQuery,
} from '@ptd/contracts';
import { ClearFiltersButton } from '@/components/list-page/list-actions.tsx';
import {
  DebouncedTextField,
  FilterGrid,
  FilterPanel,
  FilterSelect,
} from '@/components/list-page/filter-fields.tsx';

import type { ListParamChanges } from '@/components/list-page/use-list-params.ts';
import { maxLengthOf } from '@/lib/max-length.ts';
import { STREAM_STATE_LABELS } from './stream-state-chip.tsx';

/** What "Clear filters" clears: everything but the page. */
export const streamFilterSchema = streamListQuerySchema.pick({
  state: true,
  tag: true,
  search: true,
});

// No longer than the server takes: a longer value would be dropped from the query and the
// list would show every stream while the field showed the text.
const TAG_MAX_LENGTH = maxLengthOf(streamListQuerySchema.shape.tag);

const STATE_OPTIONS = STREAM_STATES.map((state) => ({
  value: state,
  label: STREAM_STATE_LABELS[state],
}));

interface StreamsFiltersProps {
  filters: StreamListQuery;
  hasFilters: boolean;
  onChange: (changes: ListParamChanges<typeof streamListQuerySchema>) => void;
  onClear: () => void;
}

/** Name search, state and tag; applied by the server. */
export function StreamsFilters({ filters, hasFilters, onChange, onClear }: StreamsFiltersProps) {
  return (
    <FilterPanel>
      <FilterGrid
        columns={{ xs: '1fr 1fr', md: '2fr 1fr 1fr auto' }}
        // On narrow screens the search takes a whole row, state and tag share one.
        sx={{ '& > :first-of-type': { gridColumn: { xs: '1 / -1', md: 'auto' } } }}
      >
        <DebouncedTextField
          label="Search by name"
          type="search"
          value={filters.search ?? ''}
          onCommit={(search) => onChange({ search })}
          placeholder="e.g. DmEvt-CupFn"
          slotProps={{
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            },
            htmlInput: { maxLength: STREAM_SEARCH_MAX_LENGTH },
          }}
        />
        <FilterSelect
          label="State"
          value={filters.state}
          empty="All states"
          options={STATE_OPTIONS}
          onChange={(state) => onChange({ state })}
        />
        <DebouncedTextField
          label="Tag"
          value={filters.tag ?? ''}
          onCommit={(tag) => onChange({ tag })}
          placeholder="e.g. premium"
          slotProps={{ htmlInput: { maxLength: TAG_MAX_LENGTH } }}
        />
        <ClearFiltersButton disabled={!hasFilters} onClick={onClear} />
      </FilterGrid>
    </FilterPanel>
  );
}
