import type { Ref } from 'react';
import { monospace } from '@/lib/theme.ts';
import { OutlinedField } from '../outlined-field.tsx';

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
export function CodeInput({ digitsOnly = true, ...field }: CodeInputProps) {
  return (
    <OutlinedField
      {...field}
      name="code"
      autoComplete="one-time-code"
      inputProps={{
        inputMode: digitsOnly ? 'numeric' : 'text',
        spellCheck: false,
        autoCapitalize: 'characters',
        maxLength: digitsOnly ? 7 : 64,
        style: { fontFamily: monospace, letterSpacing: '0.15em' },
      }}
    />
  );
}
