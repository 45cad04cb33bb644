import { TextField, type TextFieldProps } from '@mui/material';
import { useFormContext } from 'react-hook-form';
import type { TokenFormInput } from './types.ts';

interface TokenTextFieldProps {
  name: 'ip' | 'user' | 'tag';
  label: string;
  placeholder: string;
  /** Under the field until it has an error, which takes its place. */
  hint: string;
  htmlInput?: NonNullable<TextFieldProps['slotProps']>['htmlInput'];
}

/** A free-text field of the token form, registered with the form and never autofilled. */
export function TokenTextField({ name, label, placeholder, hint, htmlInput }: TokenTextFieldProps) {
  const { register, formState } = useFormContext<TokenFormInput>();
  const error = formState.errors[name];
  return (
    <TextField
      {...register(name)}
      label={label}
      placeholder={placeholder}
      autoComplete="off"
      error={Boolean(error)}
      helperText={error?.message ?? hint}
      slotProps={{ htmlInput }}
    />
  );
}
