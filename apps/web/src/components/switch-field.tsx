import { FormControlLabel, FormHelperText, Switch } from '@mui/material';
import type { ReactNode } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';

interface SwitchFieldProps<T extends FieldValues, TOut> {
  name: FieldPath<T>;
  label: string;
  /** Below the switch: what turning it on means. */
  helper?: ReactNode;
  disabled?: boolean;
  /** Without it, the form's context (FormProvider) is used. */
  control?: Control<T, unknown, TOut>;
  /** Instead of setting the field: for a switch that changes other fields too. */
  onToggle?: (checked: boolean) => void;
}

/** A yes/no form field as a labelled switch, with an optional explanation under it. */
export function SwitchField<T extends FieldValues, TOut = T>({
  name,
  label,
  helper,
  disabled = false,
  control,
  onToggle,
}: SwitchFieldProps<T, TOut>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const toggle = (
          <FormControlLabel
            disabled={disabled}
            control={
              <Switch
                checked={Boolean(field.value)}
                onChange={(_, checked) => (onToggle ? onToggle(checked) : field.onChange(checked))}
                inputRef={field.ref}
              />
            }
            label={label}
          />
        );
        if (!helper) return toggle;
        return (
          <div>
            {toggle}
            <FormHelperText sx={{ mt: 0 }}>{helper}</FormHelperText>
          </div>
        );
      }}
    />
  );
}
