import { FormControl, FormHelperText, InputLabel, OutlinedInput } from '@mui/material';
import { useId, type Ref } from 'react';
import { monospace } from '@/lib/theme.ts';

interface CodeInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  /** Recovery codes have letters; an authenticator code is digits only. */
  digitsOnly?: boolean;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/** The field for an authenticator code: the phone's number pad and one-time-code autofill. */
export function CodeInput({
  label,
  value,
  onChange,
  error,
  hint,
  digitsOnly = true,
  autoFocus,
  inputRef,
}: CodeInputProps) {
  const id = useId();
  const helperId = `${id}-helper`;
  const helper = error ?? hint;
  return (
    <FormControl fullWidth required error={Boolean(error)} variant="outlined">
      <InputLabel htmlFor={id}>{label}</InputLabel>
      <OutlinedInput
        id={id}
        name="code"
        label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="one-time-code"
        autoFocus={autoFocus}
        inputRef={inputRef}
        inputProps={{
          inputMode: digitsOnly ? 'numeric' : 'text',
          spellCheck: false,
          autoCapitalize: 'characters',
          maxLength: digitsOnly ? 7 : 64,
          style: { fontFamily: monospace, letterSpacing: '0.15em' },
        }}
        aria-describedby={helper ? helperId : undefined}
      />
      {helper && <FormHelperText id={helperId}>{helper}</FormHelperText>}
    </FormControl>
  );
}
