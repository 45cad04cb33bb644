import {
  FormControl,
  FormHelperText,
  InputLabel,
  OutlinedInput,
  type InputBaseComponentProps,
} from '@mui/material';
import { useId, type ReactNode, type Ref } from 'react';

interface OutlinedFieldProps {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: string;
  /** Shown under the field in red; replaces `hint`. */
  error?: string | undefined;
  hint?: string | undefined;
  autoFocus?: boolean | undefined;
  endAdornment?: ReactNode;
  inputRef?: Ref<HTMLInputElement> | undefined;
  /** The `input` element's own attributes (inputMode, maxLength, spellCheck). */
  inputProps?: InputBaseComponentProps;
}

/**
 * A required, labelled outlined input with its message underneath. TextField would do the same
 * but also brings Select, which the pages that load before sign-in have no room for.
 */
export function OutlinedField({
  label,
  name,
  type,
  value,
  onChange,
  autoComplete,
  error,
  hint,
  autoFocus,
  endAdornment,
  inputRef,
  inputProps,
}: OutlinedFieldProps) {
  const id = useId();
  const helperId = `${id}-helper`;
  const helper = error ?? hint;
  return (
    <FormControl fullWidth required error={Boolean(error)} variant="outlined">
      <InputLabel htmlFor={id}>{label}</InputLabel>
      <OutlinedInput
        id={id}
        name={name}
        type={type}
        label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        endAdornment={endAdornment}
        inputRef={inputRef}
        inputProps={inputProps}
        aria-describedby={helper ? helperId : undefined}
      />
      {helper && <FormHelperText id={helperId}>{helper}</FormHelperText>}
    </FormControl>
  );
}
