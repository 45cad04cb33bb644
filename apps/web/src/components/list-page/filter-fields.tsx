import { MenuItem, TextField } from '@mui/material';
import type { ReactNode } from 'react';

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
      {unknown && <MenuItem value={value}>{value}</MenuItem>}
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
