import {
  Box,
  MenuItem,
  Paper,
  TextField,
  type Breakpoint,
  type SxProps,
  type TextFieldProps,
  type Theme,
} from '@mui/material';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ForeignText } from '../foreign-text.tsx';

/** A list page's filter bar: the section screen readers find as "Filters". Phones get less padding. */
export function FilterPanel({ dense = false, children }: { dense?: boolean; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label="Filters" sx={{ p: dense ? 1.5 : 2 }}>
      {children}
    </Paper>
  );
}

interface FilterGridProps {
  /** The grid's columns at each breakpoint, e.g. `{ xs: '1fr', sm: 'repeat(2, minmax(0, 1fr))' }`. */
  columns: Partial<Record<Breakpoint, string>>;
  alignItems?: 'center' | 'start';
  /** More rules for the grid, e.g. a field that takes a whole row. */
  sx?: Exclude<SxProps<Theme>, ReadonlyArray<unknown>>;
  children: ReactNode;
}

/** The filter fields side by side, as many to a row as the screen has room for. */
export function FilterGrid({ columns, alignItems = 'center', sx, children }: FilterGridProps) {
  return (
    <Box sx={[{ display: 'grid', gap: 2, gridTemplateColumns: columns, alignItems }, sx ?? false]}>
      {children}
    </Box>
  );
}

export interface FilterOption {
  value: string;
  label: ReactNode;
}

interface FilterSelectProps {
  label: string;
  /** As the URL holds it; undefined when the filter is not set. */
  value: string | undefined;
  /** The first entry, for "not set": "All statuses", "Anyone". */
  empty: string;
  options: readonly FilterOption[];
  /** Undefined when the empty entry is picked. */
  onChange: (value: string | undefined) => void;
}

/**
 * A list filter to pick one of a few values. The label stays above the field so that the
 * closed select shows its empty entry ("All actions") rather than a blank box. A value from the
 * URL that is not among the options (a past staff account, a deleted policy) stays shown as it is.
 */
export function FilterSelect({ label, value, empty, options, onChange }: FilterSelectProps) {
  const unknown = value !== undefined && !options.some((option) => option.value === value);
  return (
    <TextField
      select
      label={label}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value || undefined)}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
    >
      <MenuItem value="">{empty}</MenuItem>
      {options.map((option) => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
      {unknown && (
        <MenuItem value={value}>
          <ForeignText value={value} />
        </MenuItem>
      )}
    </TextField>
  );
}

interface FilterDateProps {
  label: string;
  /** `YYYY-MM-DD`, as the URL holds it. */
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  /** The other end of a range: the browser's picker offers no day past it. */
  min?: string | undefined;
  max?: string | undefined;
}

/** A list filter for one day, with the browser's own date picker. */
export function FilterDate({ label, value, onChange, min, max }: FilterDateProps) {
  return (
    <TextField
      type="date"
      label={label}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value || undefined)}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { min, max } }}
    />
  );
}

type DebouncedTextFieldProps = Omit<TextFieldProps, 'value' | 'onChange'> & {
  value: string;
  /** Called with the trimmed text after a pause in typing, or at once on Enter. */
  onCommit: (value: string) => void;
};

/** One pause for every list filter: long enough for a word typed at speed, short enough to feel at once. */
export const FILTER_DELAY_MS = 350;

/** A search or filter field that does not send a request per keystroke. */
export function DebouncedTextField({ value, onCommit, ...props }: DebouncedTextFieldProps) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  }, [onCommit]);

  // Changed from outside (Clear filters, Back): show it.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  useEffect(() => {
    const next = draft.trim();
    if (next === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = next;
      commit.current(next);
    }, FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  return (
    <TextField
      {...props}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        const next = draft.trim();
        if (event.key === 'Enter' && next !== committed.current) {
          committed.current = next;
          commit.current(next);
        }
      }}
    />
  );
}
