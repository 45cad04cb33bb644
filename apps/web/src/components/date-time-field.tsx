import CloseIcon from '@mui/icons-material/Close';
import { IconButton, InputAdornment, TextField, type TextFieldProps } from '@mui/material';
import type { Ref } from 'react';
import { dayjs } from '@/lib/format.ts';

/** The value format of `<input type="datetime-local">`: local wall-clock time to the minute. */
const LOCAL_INPUT_FORMAT = 'YYYY-MM-DDTHH:mm';

/** An ISO instant as the local wall-clock value of a datetime-local input ('' when unset). */
export function toLocalInputValue(value: string | undefined | null): string {
  if (!value) return '';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.format(LOCAL_INPUT_FORMAT) : '';
}

/** A datetime-local value (local wall-clock time) as an ISO instant ('' when incomplete). */
export function fromLocalInputValue(value: string): string {
  if (!value) return '';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.toISOString() : '';
}

interface DateTimeFieldProps {
  label: string;
  name: string;
  /** ISO instant, '' or undefined when unset. */
  value: string | undefined;
  onChange: (value: string) => void;
  onBlur?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  min?: Date | number;
  max?: Date | number;
  required?: boolean;
  error?: boolean;
  helperText?: TextFieldProps['helperText'];
  /** Offers a button that empties the field (for optional moments). */
  clearable?: boolean;
}

/**
 * Date and time in the user's local time, with the browser's own picker: keyboard and screen
 * reader support come with the platform, and it costs nothing in the bundle. The form keeps
 * ISO instants; this converts at the edge.
 */
export function DateTimeField({
  label,
  name,
  value,
  onChange,
  onBlur,
  inputRef,
  min,
  max,
  required,
  error,
  helperText,
  clearable,
}: DateTimeFieldProps) {
  const inputValue = toLocalInputValue(value);
  return (
    <TextField
      type="datetime-local"
      label={label}
      name={name}
      size="small"
      value={inputValue}
      onChange={(event) => onChange(fromLocalInputValue(event.target.value))}
      onBlur={onBlur}
      inputRef={inputRef}
      required={required}
      error={error}
      helperText={helperText}
      slotProps={{
        inputLabel: { shrink: true },
        htmlInput: {
          step: 60,
          min: min === undefined ? undefined : dayjs(min).format(LOCAL_INPUT_FORMAT),
          max: max === undefined ? undefined : dayjs(max).format(LOCAL_INPUT_FORMAT),
        },
        input:
          clearable && inputValue
            ? {
                endAdornment: (
                  <InputAdornment position="end">
                    <IconButton
                      size="small"
                      edge="end"
                      aria-label={`Clear ${label}`}
                      onClick={() => onChange('')}
                    >
                      <CloseIcon fontSize="small" />
                    </IconButton>
                  </InputAdornment>
                ),
              }
            : undefined,
      }}
    />
  );
}
