import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import {
  FormControl,
  FormHelperText,
  IconButton,
  InputAdornment,
  InputLabel,
  OutlinedInput,
} from '@mui/material';
import { useId, useState, type Ref } from 'react';

interface PasswordInputProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  /** Shown under the field in red; replaces `hint`. */
  error?: string | undefined;
  hint?: string;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * A password field with a show/hide button. Built from the outlined input rather than
 * TextField, which also brings Select: it is used on pages that load before sign-in.
 */
export function PasswordInput({
  label,
  name,
  value,
  onChange,
  autoComplete,
  error,
  hint,
  autoFocus,
  inputRef,
}: PasswordInputProps) {
  const id = useId();
  const helperId = `${id}-helper`;
  const [shown, setShown] = useState(false);
  const helper = error ?? hint;
  return (
    <FormControl fullWidth required error={Boolean(error)} variant="outlined">
      <InputLabel htmlFor={id}>{label}</InputLabel>
      <OutlinedInput
        id={id}
        name={name}
        type={shown ? 'text' : 'password'}
        label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        inputRef={inputRef}
        inputProps={{ spellCheck: false, autoCapitalize: 'off' }}
        aria-describedby={helper ? helperId : undefined}
        endAdornment={
          <InputAdornment position="end">
            <IconButton
              edge="end"
              aria-label={`Show ${label.toLowerCase()}`}
              aria-pressed={shown}
              onClick={() => setShown((now) => !now)}
            >
              {shown ? <VisibilityOffIcon /> : <VisibilityIcon />}
            </IconButton>
          </InputAdornment>
        }
      />
      {helper && <FormHelperText id={helperId}>{helper}</FormHelperText>}
    </FormControl>
  );
}
